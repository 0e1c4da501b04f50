/* Site navigation: built once per site in nav-data.js (window.HB_NAV) and drawn here, so
   pages do not each carry the whole table of contents. */
(function () {
  "use strict";
  var nav = document.getElementById("hb-nav");
  var groups = window.HB_NAV;
  if (!nav || !groups) return;
  var root = document.documentElement.getAttribute("data-root") || "";
  var here = location.pathname.replace(/\/index\.html$/, "/");
  var frag = document.createDocumentFragment();
  groups.forEach(function (group) {
    var h = document.createElement("h2");
    h.textContent = group.label;
    frag.appendChild(h);
    var ul = document.createElement("ul");
    group.items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + item.href;
      a.textContent = item.title;
      var path = a.pathname.replace(/\/index\.html$/, "/");
      if (path === here) a.setAttribute("aria-current", "page");
      li.appendChild(a);
      ul.appendChild(li);
    });
    frag.appendChild(ul);
  });
  nav.textContent = "";
  nav.appendChild(frag);
  var current = nav.querySelector('[aria-current="page"]');
  if (current) nav.scrollTop = current.offsetTop - nav.clientHeight / 2;
  var button = document.querySelector(".hb-menu");
  if (button) {
    button.addEventListener("click", function () {
      var open = nav.classList.toggle("hb-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
})();
