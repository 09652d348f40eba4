// Passkey ceremonies for the Api's pages: fetch options from the page, run WebAuthn in the
// browser, post the credential back through the page's own form (antiforgery included).
for (const button of document.querySelectorAll("button[data-passkey-options]")) {
  button.addEventListener("click", async () => {
    const form = document.getElementById(button.dataset.passkeyForm);
    const status = document.getElementById(button.dataset.passkeyStatus);
    const token = form.querySelector("input[name='__RequestVerificationToken']").value;
    button.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(button.dataset.passkeyOptions, { method: "POST", headers: { "RequestVerificationToken": token } });
      if (!response.ok) throw new Error("options");
      const options = PublicKeyCredential.parseRequestOptionsFromJSON(await response.json());
      const credential = await navigator.credentials.get({ publicKey: options });
      form.elements["Credential"].value = JSON.stringify(credential.toJSON());
      form.submit();
    } catch {
      button.removeAttribute("aria-busy");
      if (status) status.textContent = "The passkey was not used. Try again, or sign in another way.";
    }
  });
}

for (const button of document.querySelectorAll("button[data-passkey-create]")) {
  button.addEventListener("click", async () => {
    const form = document.getElementById(button.dataset.passkeyForm);
    const status = document.getElementById(button.dataset.passkeyStatus);
    const token = form.querySelector("input[name='__RequestVerificationToken']").value;
    button.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(button.dataset.passkeyCreate, { method: "POST", headers: { "RequestVerificationToken": token } });
      if (!response.ok) throw new Error("options");
      const options = PublicKeyCredential.parseCreationOptionsFromJSON(await response.json());
      const credential = await navigator.credentials.create({ publicKey: options });
      form.elements["Credential"].value = JSON.stringify(credential.toJSON());
      form.submit();
    } catch {
      button.removeAttribute("aria-busy");
      if (status) status.textContent = "The passkey was not created. Try again.";
    }
  });
}
