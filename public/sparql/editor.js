// Starts YASGUI on this endpoint and fills the example list; served locally with the page (no CDN).
(function () {
  'use strict';
  var endpoint = document.currentScript.dataset.endpoint;
  var examples = JSON.parse(document.getElementById('examples-data').textContent || '[]');
  var yasgui = new Yasgui(document.getElementById('yasgui'), {
    requestConfig: { endpoint: endpoint, method: 'POST' },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    // No saved tabs from an earlier visit: the page always opens on this endpoint.
    persistenceId: null,
  });
  var tab = yasgui.getTab();
  tab.setEndpoint(endpoint);
  if (examples.length > 0) tab.setQuery(examples[0].query);

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
})();
