// Organisation suggestions as you type (progressive enhancement: forms work without it).
// Every <input data-suggest> gets a <datalist> filled from /api/organisations?q=.
// data-suggest="name": an option's value is the organisation's name (search box);
// data-suggest="id": its value is the organisation id, its label the name (filters).
(function () {
  "use strict";
  var DELAY_MS = 200;
  var LIMIT = 8;

  function attach(input, index) {
    var list = document.createElement("datalist");
    list.id = "suggest-" + index;
    input.parentNode.insertBefore(list, input.nextSibling);
    input.setAttribute("list", list.id);
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.parentNode.insertBefore(status, list.nextSibling);
    var timer = null;
    var latest = 0;

    function fill(results) {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      results.forEach(function (org) {
        var option = document.createElement("option");
        if (input.dataset.suggest === "id") {
          option.value = org.id;
          option.label = org.name;
        } else {
          option.value = org.name;
        }
        list.appendChild(option);
      });
      // The sentence comes translated from the page (data-status, "#" for the number).
      var count = String(results.length);
      if (document.documentElement.lang === "my") {
        count = count.replace(/[0-9]/g, function (d) { return "၀၁၂၃၄၅၆၇၈၉".charAt(+d); });
      }
      status.textContent = (input.dataset.status || "Suggestions: #").replace("#", count);
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2) { fill([]); return; }
      timer = window.setTimeout(function () {
        var ticket = ++latest;
        var url = "/api/organisations?per_page=" + LIMIT + "&q=" + encodeURIComponent(text);
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) { if (ticket === latest) { fill(data.results || []); } })
          .catch(function () { /* suggestions are optional; the form still works */ });
      }, DELAY_MS);
    });
  }

  document.querySelectorAll("input[data-suggest]").forEach(attach);
})();
