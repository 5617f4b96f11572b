// Room Release dashboard: plain JavaScript, charts drawn as SVG here (no CDN, no build step). The admin key is kept
// in this browser's localStorage and sent only in the X-Api-Key header.
(function () {
  'use strict';
  var STORE = 'roomrelease.admin';
  var SVG = 'http://www.w3.org/2000/svg';
  var key = localStorage.getItem(STORE);
  var days = 7;

  function $(id) { return document.getElementById(id); }

  function show(state) {
    document.body.setAttribute('data-state', state);
    $('setup').hidden = state !== 'setup';
    $('error-state').hidden = state !== 'error';
    $('dashboard').hidden = state !== 'ok';
  }

  function get(path) {
    return fetch(path, { headers: { 'X-Api-Key': key }, cache: 'no-store', referrerPolicy: 'no-referrer' })
      .then(function (r) {
        if (r.status === 401 || r.status === 403) {
          return r.json().then(function (b) { throw { auth: true, message: b.error }; });
        }
        if (!r.ok) {
          return r.text().then(function (t) { throw { message: 'The server answered ' + r.status + ': ' + t }; });
        }
        return r;
      });
  }

  function failed(e) {
    $('error-message').textContent = (e && e.message) || 'The server cannot be reached';
    show('error');
  }

  function pct(v) { return (Math.round(v * 1000) / 10) + '%'; }

  function bars(containerId, lines, field) {
    var box = $(containerId);
    box.textContent = '';
    if (!lines.length) { box.textContent = 'No data'; return; }
    var row = 26, labelW = 210, chartW = 300, valueW = 60;
    var svg = document.createElementNS(SVG, 'svg');
    var h = lines.length * row + 8;
    svg.setAttribute('viewBox', '0 0 ' + (labelW + chartW + valueW) + ' ' + h);
    svg.setAttribute('width', '100%');
    svg.setAttribute('role', 'img');
    svg.setAttribute('data-field', field);
    lines.forEach(function (l, i) {
      var y = i * row + 4;
      var label = document.createElementNS(SVG, 'text');
      label.setAttribute('x', labelW - 8); label.setAttribute('y', y + 16); label.setAttribute('text-anchor', 'end');
      label.textContent = l.name;
      var rect = document.createElementNS(SVG, 'rect');
      rect.setAttribute('x', labelW); rect.setAttribute('y', y + 3);
      rect.setAttribute('width', Math.max(1, l[field] * chartW)); rect.setAttribute('height', row - 8);
      rect.setAttribute('class', 'bar' + (field === 'noShowRate' && l[field] >= 0.5 ? ' high' : ''));
      rect.setAttribute('data-name', l.name); rect.setAttribute('data-value', l[field]);
      var title = document.createElementNS(SVG, 'title');
      title.textContent = l.name + ': ' + pct(l[field]) + ' (' + l.meetings + ' meetings, ' + l.noShows + ' no-shows)';
      rect.appendChild(title);
      var value = document.createElementNS(SVG, 'text');
      value.setAttribute('x', labelW + chartW + 6); value.setAttribute('y', y + 16);
      value.textContent = pct(l[field]) + (l.error ? ' !' : '');
      svg.appendChild(label); svg.appendChild(rect); svg.appendChild(value);
    });
    box.appendChild(svg);
  }

  function today() {
    return get('/api/reports/today').then(function (r) { return r.json(); }).then(function (t) {
      $('today-releases').textContent = t.releases;
      $('today-hours').textContent = t.roomHoursGivenBack.toFixed(2);
    });
  }

  function usage() {
    document.querySelectorAll('.days-label').forEach(function (e) { e.textContent = days; });
    ['days-7', 'days-30'].forEach(function (id) {
      $(id).setAttribute('aria-pressed', String($(id).getAttribute('data-days') === String(days)));
    });
    return get('/api/reports/usage?days=' + days).then(function (r) { return r.json(); }).then(function (u) {
      $('open-hours').textContent = u.openHoursPerDay;
      $('total-no-show').textContent = pct(u.total.noShowRate);
      $('total-utilisation').textContent = pct(u.total.utilisation);
      bars('chart-room-no-show', u.rooms, 'noShowRate');
      bars('chart-room-utilisation', u.rooms, 'utilisation');
      bars('chart-list-no-show', u.roomLists, 'noShowRate');
      bars('chart-list-utilisation', u.roomLists, 'utilisation');
    });
  }

  function auditQuery() {
    var q = [];
    var room = $('audit-room').value.trim();
    if (room) { q.push('room=' + encodeURIComponent(room)); }
    [['from', 'audit-from'], ['to', 'audit-to']].forEach(function (p) {
      var v = $(p[1]).value;
      if (v) { q.push(p[0] + '=' + encodeURIComponent(new Date(v).toISOString())); }
    });
    return q.length ? '?' + q.join('&') : '';
  }

  function audit() {
    return get('/api/audit' + auditQuery()).then(function (r) { return r.json(); }).then(function (rows) {
      var body = $('audit-table').querySelector('tbody');
      body.textContent = '';
      $('audit-count').textContent = rows.length + ' record(s)';
      rows.slice().reverse().forEach(function (a) {
        var tr = document.createElement('tr');
        [a.recordedAt, a.mailbox, a.operation, a.reason, a.result, a.organizer, a.occurrenceStart].forEach(function (v) {
          var td = document.createElement('td');
          td.textContent = v == null ? '' : v;
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
    });
  }

  function csv() {
    get('/api/reports/audit.csv' + auditQuery()).then(function (r) { return r.blob(); }).then(function (blob) {
      var a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = 'audit.csv';
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    }).catch(failed);
  }

  function start() {
    if (!key) { show('setup'); return; }
    Promise.all([today(), usage(), audit()]).then(function () { show('ok'); }, failed);
  }

  $('setup-form').addEventListener('submit', function (e) {
    e.preventDefault();
    key = $('setup-key').value.trim();
    localStorage.setItem(STORE, key);
    $('setup-key').value = '';
    start();
  });
  $('error-setup').addEventListener('click', function () { localStorage.removeItem(STORE); key = null; show('setup'); });
  $('sign-out').addEventListener('click', function () { localStorage.removeItem(STORE); key = null; show('setup'); });
  ['days-7', 'days-30'].forEach(function (id) {
    $(id).addEventListener('click', function () { days = Number($(id).getAttribute('data-days')); usage().catch(failed); });
  });
  $('audit-form').addEventListener('submit', function (e) { e.preventDefault(); audit().catch(failed); });
  $('audit-csv').addEventListener('click', csv);
  setInterval(function () { if (document.body.getAttribute('data-state') === 'ok') { today().catch(failed); } }, 60000);
  start();
}());
