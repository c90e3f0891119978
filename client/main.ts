// Placeholder entry; the client is built out in client/ (see docs/architecture.md).
document.querySelector('bp-app')!.textContent = 'Backprop Live';
