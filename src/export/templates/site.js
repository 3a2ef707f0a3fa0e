/* tthc — search and filters for the listing. Without JavaScript every procedure stays listed. */
(function () {
  'use strict';
  var form = document.getElementById('tim-kiem');
  if (!form || !String.prototype.normalize) { return; }
  var query = document.getElementById('q');
  var level = document.getElementById('cap');
  var field = document.getElementById('lv');
  var status = document.getElementById('ket-qua');
  var none = document.getElementById('khong-co');
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-s]'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('tbody[data-field]'));
  var sections = Array.prototype.slice.call(document.querySelectorAll('section[data-level]'));

  /* The same folding as the catalogue's search: no marks, no case, đ → d. */
  function fold(text) {
    return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/[\u0111\u0110]/g, 'd').toLowerCase();
  }

  function choose(select, value) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) { select.value = value; return; }
    }
    select.value = '';
  }

  function apply(remember) {
    var words = fold(query.value).split(/\s+/).filter(function (w) { return w.length > 0; });
    var wantLevel = level.value;
    var wantField = field.value;
    var shown = 0;
    rows.forEach(function (row) {
      var hay = row.getAttribute('data-s');
      var ok = (!wantLevel || row.getAttribute('data-level') === wantLevel) &&
        (!wantField || row.getAttribute('data-field') === wantField) &&
        words.every(function (w) { return hay.indexOf(w) !== -1; });
      row.hidden = !ok;
      if (ok) { shown++; }
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector('tr[data-s]:not([hidden])');
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector('tr[data-s]:not([hidden])');
    });
    var filtered = words.length > 0 || wantLevel || wantField;
    status.textContent = filtered
      ? 'Tìm thấy ' + shown + ' trên ' + rows.length + ' thủ tục.'
      : rows.length + ' thủ tục.';
    none.hidden = shown > 0;
    if (remember) {
      var params = new URLSearchParams();
      if (query.value.trim()) { params.set('q', query.value.trim()); }
      if (wantLevel) { params.set('cap', wantLevel); }
      if (wantField) { params.set('lv', wantField); }
      var search = params.toString();
      try {
        window.history.replaceState(null, '', search ? '?' + search : window.location.pathname);
      } catch (e) { /* some browsers refuse this on file: pages; the filter still works */ }
    }
  }

  var params = new URLSearchParams(window.location.search);
  query.value = params.get('q') || '';
  choose(level, params.get('cap') || '');
  choose(field, params.get('lv') || '');
  form.hidden = false;

  var timer = null;
  query.addEventListener('input', function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { apply(true); }, rows.length > 2000 ? 200 : 60);
  });
  level.addEventListener('change', function () { apply(true); });
  field.addEventListener('change', function () { apply(true); });
  form.addEventListener('submit', function (event) { event.preventDefault(); apply(true); });
  form.addEventListener('reset', function () {
    window.setTimeout(function () { apply(true); query.focus(); }, 0);
  });
  apply(false);
}());
