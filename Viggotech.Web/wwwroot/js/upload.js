// Uploads a document with a progress bar: the file is posted as the raw request body to the
// portal, which streams it to the Api. XMLHttpRequest rather than fetch because only it reports
// upload progress. The access token never reaches this script; the antiforgery token does.
const form = document.getElementById("upload-form");
if (form) {
  const input = document.getElementById("upload-file");
  const progress = document.getElementById("upload-progress");
  const status = document.getElementById("upload-status");
  const error = document.getElementById("upload-error");
  const button = document.getElementById("upload-button");

  const fail = (message) => {
    error.textContent = message;
    input.setAttribute("aria-invalid", "true");
    button.disabled = false;
    button.removeAttribute("aria-busy");
  };

  const problemMessage = (text) => {
    try {
      const problem = JSON.parse(text);
      const fields = problem.errors ? Object.values(problem.errors).flat() : [];
      return fields[0] || problem.detail || problem.title || "The upload failed. Try again.";
    } catch {
      return "The upload failed. Try again.";
    }
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    error.textContent = "";
    input.removeAttribute("aria-invalid");
    const file = input.files[0];
    if (!file) {
      fail("Choose a file to upload.");
      return;
    }
    if (file.size === 0) {
      fail("The file is empty.");
      return;
    }
    const max = Number(input.dataset.maxBytes);
    if (max && file.size > max) {
      fail(`The file is larger than this organisation's limit of ${Math.floor(max / 1048576)} MB.`);
      return;
    }

    const token = form.querySelector("input[name='__RequestVerificationToken']").value;
    const request = new XMLHttpRequest();
    request.open("POST", "/documents/upload?name=" + encodeURIComponent(file.name));
    request.setRequestHeader("RequestVerificationToken", token);
    request.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    request.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) {
        progress.max = e.total;
        progress.value = e.loaded;
        status.textContent = `Uploading ${file.name}: ${Math.floor((e.loaded * 100) / e.total)}%`;
      }
    });
    request.addEventListener("load", () => {
      if (request.status === 201) {
        progress.value = progress.max;
        status.textContent = "Upload complete.";
        window.location.assign("/documents?uploaded=" + encodeURIComponent(file.name));
      } else {
        progress.hidden = true;
        status.textContent = "";
        fail(problemMessage(request.responseText));
      }
    });
    request.addEventListener("error", () => {
      progress.hidden = true;
      fail("The connection was lost during the upload. Try again.");
    });

    progress.hidden = false;
    progress.value = 0;
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    status.textContent = `Uploading ${file.name}: 0%`;
    request.send(file);
  });
}
