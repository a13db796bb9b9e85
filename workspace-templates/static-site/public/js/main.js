// Marks the link to the current page and keeps the footer year current.
const here = window.location.pathname;
const currentPage = here.endsWith('/') ? `${here}index.html` : here;

document.querySelectorAll('nav a').forEach((link) => {
  if (new URL(link.href).pathname === currentPage) {
    link.setAttribute('aria-current', 'page');
  }
});

const year = document.getElementById('year');
if (year) {
  year.textContent = String(new Date().getFullYear());
}
