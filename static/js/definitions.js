// The definitions on the management dashboard show on hover and keyboard focus (CSS).
// WCAG 1.4.13: Escape hides the one showing without moving the pointer or the focus; it
// shows again when the pointer or the focus comes back. A click (a touch screen has no
// hover) keeps it open until the next click elsewhere.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  document.querySelectorAll(".definition").forEach((item) => item.classList.add("dismissed"));
});
document.addEventListener("click", (event) => {
  const button = event.target.closest(".definition-button");
  document.querySelectorAll(".definition").forEach((item) => {
    if (button && item.contains(button)) {
      item.classList.remove("dismissed");
      item.classList.toggle("open");
    } else {
      item.classList.remove("open");
    }
  });
});
// Entering or leaving a definition (pointer or focus) clears an earlier Escape.
["mouseover", "mouseout", "focusin", "focusout"].forEach((name) =>
  document.addEventListener(name, (event) => {
    const item = event.target.closest && event.target.closest(".definition");
    if (item && !item.contains(event.relatedTarget)) item.classList.remove("dismissed");
  }),
);
