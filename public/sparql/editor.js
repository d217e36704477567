// Starts YASGUI on this endpoint and fills the example list; served locally with the page (no CDN). The query shown
// first is a share link's (#query=…), else the one last typed here (kept in localStorage), else the first example.
// Result links to the graph's own IRIs go to this site's pages, and xsd:string literals show as plain strings.
(function () {
  'use strict';
  var script = document.currentScript;
  var endpoint = script.dataset.endpoint;
  var base = script.dataset.base || '';
  var STORED = 'huggingkg-sparql-query';
  var examples = JSON.parse(document.getElementById('examples-data').textContent || '[]');

  // Read before YASGUI starts: it empties location.hash when it reads a share link itself.
  function sharedQuery() {
    var hash = window.location.hash.replace(/^#/, '');
    if (!hash) return null;
    var query = new URLSearchParams(hash).get('query');
    return query && query.trim() ? query : null;
  }
  function storedQuery() {
    try {
      return window.localStorage.getItem(STORED);
    } catch (e) {
      return null; // storage disabled: nothing was kept
    }
  }
  var first = sharedQuery() || storedQuery() || (examples.length > 0 ? examples[0].query : null);

  var yasgui = new Yasgui(document.getElementById('yasgui'), {
    requestConfig: { endpoint: endpoint, method: 'POST' },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    // No saved tabs from an earlier visit, and no endpoint taken from a link: the page always queries this endpoint.
    persistenceId: null,
    populateFromUrl: false,
  });
  var tab = yasgui.getTab();
  tab.setEndpoint(endpoint);
  if (first) tab.setQuery(first);

  function keep(yasqe) {
    yasqe.on('change', function () {
      try {
        window.localStorage.setItem(STORED, yasqe.getValue());
      } catch (e) {
        // storage full or disabled: the query is not kept, nothing else breaks
      }
    });
  }
  keep(tab.getYasqe());
  yasgui.on('tabAdd', function (_y, id) {
    var added = yasgui.getTab(id);
    if (added && added.getYasqe()) keep(added.getYasqe());
  });

  var list = document.getElementById('examples');
  examples.forEach(function (example) {
    var item = document.createElement('li');
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = example.title;
    button.dataset.example = example.name;
    button.addEventListener('click', function () {
      var current = yasgui.getTab();
      current.setEndpoint(endpoint);
      current.setQuery(example.query);
    });
    item.appendChild(button);
    list.appendChild(item);
  });

  // Result cells: this graph's IRIs open here (the server dereferences every IRI under the base at the same path).
  var XSD_STRING = /^"([\s\S]*)"\^\^(?:xsd:string|<?http:\/\/www\.w3\.org\/2001\/XMLSchema#string>?)$/;
  function localise(root) {
    if (base) {
      root.querySelectorAll('a[href^="' + base.replace(/"/g, '\\"') + '"]').forEach(function (a) {
        a.setAttribute('href', '/' + a.getAttribute('href').slice(base.length));
        a.removeAttribute('target');
      });
    }
    // YASR draws a typed literal as "text"<sup>^^<datatype></sup>: a plain string loses both.
    root.querySelectorAll('.nonIri > sup').forEach(function (sup) {
      if (!/XMLSchema#string>?$|^\^\^xsd:string$/.test(sup.textContent.trim())) return;
      var span = sup.parentNode;
      sup.remove();
      var quoted = /^"([\s\S]*)"$/.exec(span.textContent);
      if (quoted) span.textContent = quoted[1];
    });
    root.querySelectorAll('td').forEach(function (td) {
      if (td.querySelector('a')) return;
      var match = XSD_STRING.exec(td.textContent.trim());
      if (match) td.textContent = match[1];
    });
  }
  var results = document.getElementById('yasgui');
  new MutationObserver(function () { localise(results); }).observe(results, { childList: true, subtree: true });
})();
