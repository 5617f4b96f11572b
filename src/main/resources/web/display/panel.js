// Room display panel: plain JavaScript, no build step. The room and its display key are kept in this browser's
// localStorage and the key is sent only in the X-Api-Key header (never in a URL).
(function () {
  'use strict';
  var STORE = 'roomrelease.display';
  var REFRESH_MS = 15000;
  var LABELS = {
    'free': 'Free',
    'busy': 'Busy',
    'starting-soon': 'Starting soon',
    'about-to-be-released': 'About to be released',
    'checked-in': 'Checked in'
  };
  var config = null;
  var last = null;        // last status answer
  var lastAt = null;      // when it was read (browser time)
  var timer = null;
  var busy = false;       // an action is on its way: every button waits for it

  function $(id) { return document.getElementById(id); }

  function show(state) {
    document.body.setAttribute('data-state', state);
    $('setup').hidden = state !== 'setup';
    $('error-state').hidden = state !== 'error';
    $('panel').hidden = !(state === 'ok' || state === 'offline');
    $('offline-banner').hidden = state !== 'offline';
  }

  function load() {
    try { config = JSON.parse(localStorage.getItem(STORE)); } catch (e) { config = null; }
    if (!config || !config.room || !config.key) { config = null; }
  }

  function time(iso) {
    return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function call(method, path) {
    return fetch(path, { method: method, headers: { 'X-Api-Key': config.key, 'Accept': 'application/json' },
      cache: 'no-store', referrerPolicy: 'no-referrer' })
      .then(function (r) {
        return r.text().then(function (t) {
          var body = null;
          try { body = t ? JSON.parse(t) : null; } catch (e) { body = { error: t }; }
          return { status: r.status, body: body };
        });
      });
  }

  function fail(title, message) {
    $('error-title').textContent = title;
    $('error-message').textContent = message;
    show('error');
  }

  function roomPath(suffix) { return '/api/rooms/' + encodeURIComponent(config.room) + suffix; }

  function refresh() {
    if (!config) { show('setup'); return; }
    clearTimeout(timer);
    timer = setTimeout(refresh, REFRESH_MS);
    call('GET', roomPath('/status')).then(function (r) {
      if (r.status === 200) {
        last = r.body; lastAt = Date.now();
        show('ok');
        render();
        freeRooms();
      } else if (r.status === 401 || r.status === 403) {
        clearTimeout(timer);
        fail('This display key is not accepted', (r.body && r.body.error ? r.body.error + '. ' : '') +
          'Set the display up again with the key of ' + config.room + '.');
      } else if (r.status === 429) {
        fail('Too many wrong keys from this tablet', 'Wait a minute, then set the display up again.');
      } else {
        offline('The server answered ' + r.status + (r.body && r.body.error ? ': ' + r.body.error : ''));
      }
    }, function () { offline('The server cannot be reached'); });
  }

  function offline(why) {
    if (!last) { fail('The room status cannot be read', why + '. Retrying every 15 seconds.'); return; }
    $('offline-since').textContent = new Date(lastAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    show('offline');
    buttons();
  }

  function render() {
    var s = last;
    $('room-name').textContent = s.name || s.room;
    var block = $('status-block');
    block.setAttribute('data-status', s.status);
    $('status-text').textContent = LABELS[s.status] || s.status;
    var cur = s.current;
    $('current-meeting').textContent = cur ? time(cur.start) + ' – ' + time(cur.end) + (cur.organizer ? ' · ' + cur.organizer : '')
      : (s.next ? 'Free until ' + time(s.next.start) : 'Free for the rest of the day');
    $('next-meeting').textContent = s.next ? time(s.next.start) + ' – ' + time(s.next.end) +
      (s.next.organizer ? ' · ' + s.next.organizer : '') : 'Nothing booked';
    tick();
    buttons();
  }

  function tick() {
    $('clock').textContent = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    var c = $('countdown');
    if (!last || last.status !== 'about-to-be-released' || !last.releaseAt) { c.hidden = true; return; }
    var left = Math.max(0, Math.round((Date.parse(last.releaseAt) - Date.parse(last.now) - (Date.now() - lastAt)) / 1000));
    c.hidden = false;
    c.textContent = left > 0 ? 'Released in ' + Math.floor(left / 60) + ':' + ('0' + (left % 60)).slice(-2) +
      ' unless someone checks in' : 'Being released: check in now to keep it';
  }

  function buttons() {
    var s = last || {};
    var online = document.body.getAttribute('data-state') === 'ok';
    var inMeeting = !!s.current;
    $('check-in').disabled = busy || !online || !s.canCheckIn || (inMeeting && s.current.checkedIn);
    $('end-now').disabled = busy || !online || !inMeeting;
    $('extend').disabled = busy || !online || !inMeeting;
    ['book-15', 'book-30', 'book-60'].forEach(function (id) { $(id).disabled = busy || !online || inMeeting; });
  }

  function act(method, path, done) {
    if (busy) { return; }
    busy = true; buttons();
    $('message').textContent = 'Working…';
    call(method, path).then(function (r) {
      busy = false;
      if (r.status >= 200 && r.status < 300) {
        $('message').textContent = done(r);
      } else if (r.status === 401 || r.status === 403) {
        fail('This display key is not accepted', (r.body && r.body.error) || 'Set the display up again.');
        return;
      } else {
        $('message').textContent = (r.body && r.body.error) || ('Failed (' + r.status + ')');
      }
      refresh();
    }, function () {
      busy = false;
      $('message').textContent = 'Not sent: the server cannot be reached';
      offline('The server cannot be reached');
    });
  }

  function freeRooms() {
    var now = new Date();
    var end = new Date(now.getTime() + 30 * 60000);
    call('GET', '/api/rooms/availability?start=' + encodeURIComponent(now.toISOString()) + '&end=' +
      encodeURIComponent(end.toISOString())).then(function (r) {
      var ul = $('free-rooms');
      ul.textContent = '';
      var rooms = r.status === 200 && r.body && r.body.freeRooms ? r.body.freeRooms.filter(function (x) {
        return x.toLowerCase() !== config.room.toLowerCase();
      }) : null;
      if (!rooms) { var li0 = document.createElement('li'); li0.textContent = 'Cannot be read now'; ul.appendChild(li0); return; }
      if (rooms.length === 0) { var li1 = document.createElement('li'); li1.textContent = 'None for the next 30 minutes'; ul.appendChild(li1); }
      rooms.slice(0, 6).forEach(function (room) {
        var li = document.createElement('li');
        li.textContent = room;
        ul.appendChild(li);
      });
    }, function () { /* the status refresh reports offline */ });
  }

  $('setup-form').addEventListener('submit', function (e) {
    e.preventDefault();
    config = { room: $('setup-room').value.trim().toLowerCase(), key: $('setup-key').value.trim() };
    localStorage.setItem(STORE, JSON.stringify(config));
    $('setup-key').value = '';
    last = null;
    refresh();
  });
  $('error-setup').addEventListener('click', function () {
    localStorage.removeItem(STORE);
    config = null; last = null;
    clearTimeout(timer);
    if (document.activeElement) { document.activeElement.blur(); }
    show('setup');
  });
  $('error-retry').addEventListener('click', function () { load(); refresh(); });
  $('check-in').addEventListener('click', function () {
    act('POST', roomPath('/checkin'), function () { return 'Checked in. Thank you!'; });
  });
  $('end-now').addEventListener('click', function () {
    act('POST', roomPath('/meetings/current/end'), function () { return 'Meeting ended: the room is free.'; });
  });
  $('extend').addEventListener('click', function () {
    act('POST', roomPath('/meetings/current/extend?minutes=15'), function (r) {
      return 'Extended until ' + time(r.body.end) + '.';
    });
  });
  ['book-15', 'book-30', 'book-60'].forEach(function (id) {
    $(id).addEventListener('click', function () {
      var minutes = $(id).getAttribute('data-minutes');
      act('POST', roomPath('/book?minutes=' + minutes), function (r) {
        return 'Booked until ' + time(r.body.end) + '.';
      });
    });
  });
  window.addEventListener('online', refresh);
  setInterval(tick, 1000);

  load();
  if (config) { refresh(); } else { show('setup'); }
}());
