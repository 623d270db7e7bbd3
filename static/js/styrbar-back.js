// "Annullér" on a form page without a cancel address of its own goes back to where the
// user came from; its address (the dashboard, marked #tilbage) is the fallback when there
// is no history. This replaces an inline javascript: link, which the
// Content-Security-Policy forbids.
document.addEventListener("click", function (event) {
  var link = event.target.closest('a[href$="#tilbage"]');
  if (!link) return;
  var cameFrom = document.referrer && new URL(document.referrer).origin === window.location.origin;
  if (cameFrom && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
