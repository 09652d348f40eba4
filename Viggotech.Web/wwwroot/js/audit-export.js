// "Export" on the audit trail page: streams the bundle through the portal, showing how many
// events and bytes have arrived, then hands the file to the browser. Tokens never reach this script.
const button = document.getElementById("audit-export");
if (button) {
  button.addEventListener("click", async () => {
    const status = document.getElementById("audit-export-status");
    const progress = document.getElementById("audit-export-progress");
    const token = document.querySelector("#audit-export-form input[name='__RequestVerificationToken']").value;
    const expected = Number(button.dataset.events || "0");
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    progress.hidden = false;
    progress.removeAttribute("value");
    status.textContent = "Starting the export…";
    try {
      const response = await fetch("/audit/export", { method: "POST", headers: { "RequestVerificationToken": token } });
      if (!response.ok || !response.body) throw new Error("refused");
      const reader = response.body.getReader();
      const chunks = [];
      let bytes = 0;
      let lines = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.length;
        for (const b of value) if (b === 10) lines++;
        // Header, keys, seals and trailer are lines too; events dominate, so lines approximate them.
        if (expected > 0) {
          progress.max = expected;
          progress.value = Math.min(lines, expected);
        }
        status.textContent = `Received ${lines.toLocaleString()} lines (${(bytes / 1048576).toFixed(1)} MB)…`;
      }
      const disposition = response.headers.get("Content-Disposition") || "";
      const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
      const name = match ? decodeURIComponent(match[1]) : "viggotech-audit.ndjson";
      const url = URL.createObjectURL(new Blob(chunks, { type: "application/x-ndjson" }));
      const link = document.getElementById("audit-export-download");
      link.href = url;
      link.download = name;
      link.textContent = `Save ${name}`;
      link.hidden = false;
      progress.max = 1;
      progress.value = 1;
      status.textContent = `Export complete: ${lines.toLocaleString()} lines, ${(bytes / 1048576).toFixed(1)} MB. Verify it with "viggotech audit verify ${name}".`;
      link.click();
    } catch {
      progress.hidden = true;
      status.textContent = "The export failed. Try again.";
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  });
}
