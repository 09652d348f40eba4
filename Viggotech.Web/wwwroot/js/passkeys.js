// Adds a passkey from the sign-in methods page: options from the portal, WebAuthn in the
// browser, the new credential back to the portal. Tokens never reach this script.
const button = document.getElementById("add-passkey");
if (button) {
  button.addEventListener("click", async () => {
    const status = document.getElementById("passkey-status");
    const token = document.querySelector("input[name='__RequestVerificationToken']").value;
    const headers = { "RequestVerificationToken": token, "Content-Type": "application/json" };
    button.setAttribute("aria-busy", "true");
    status.textContent = "Follow your browser's prompt to create the passkey.";
    try {
      const response = await fetch("/account/passkeys/options", { method: "POST", headers });
      if (!response.ok) throw new Error("options");
      const options = PublicKeyCredential.parseCreationOptionsFromJSON(await response.json());
      const credential = await navigator.credentials.create({ publicKey: options });
      const name = document.getElementById("passkey-name").value;
      const saved = await fetch("/account/passkeys", { method: "POST", headers, body: JSON.stringify({ credential: JSON.stringify(credential.toJSON()), name }) });
      if (!saved.ok) throw new Error("save");
      window.location.reload();
    } catch {
      status.textContent = "The passkey was not added. Try again.";
    } finally {
      button.removeAttribute("aria-busy");
    }
  });
}
