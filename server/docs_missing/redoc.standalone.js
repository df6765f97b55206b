// Built without node_modules: run scripts/setup (npm ci) and rebuild to serve the reference.
document.body.textContent = "The interactive reference was not built into this binary: run scripts/setup and rebuild. The contract itself is at /openapi.yaml.";
