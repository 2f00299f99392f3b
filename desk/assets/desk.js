// desk.js — the little the desk's pages do in the browser: Ctrl+Enter saves the entry form,
// and its draft is posted to the desk every few seconds while typing (and when the page is
// left), so that a closed tab or a crash loses nothing. Served by Carnet itself; the
// Content-Security-Policy allows no other script.
"use strict";

(function () {
  // Whether the desk answers, and not another program that took its port once it stopped
  // (a data-protection review had one take it within a second and be sent every draft, with
  // the cookie): its pages know what it answers at /alive, which that program does not.
  // Asked without the cookie, before any text is sent. A promise of true or false.
  function deskAnswers() {
    var alive = document.body.getAttribute("data-alive");
    var proof = document.body.getAttribute("data-proof");
    if (!alive || !proof) return Promise.resolve(true); // a page without the session
    return fetch(alive, { credentials: "omit", cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (t) { return t.trim() === proof; })
      .catch(function () { return false; });
  }
  // A fingerprint of a text (a 53-bit hash): what the tab keeps of a draft it sent, to know
  // it again, never the text itself, which a page of the same address could read (trial 54:
  // a program on a stopped desk's port served the reloaded tab a script that did).
  function fingerprint(text) {
    var h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 4294967296 * (2097151 & h2) + (h1 >>> 0);
  }
  // The channel of the tabs of one participant's form (its draft's address).
  function formChannel(url) {
    return window.BroadcastChannel ? new BroadcastChannel("carnet-form:" + url) : null;
  }
  var NOT_ANSWERING = "the desk is not answering";
  var GONE = NOT_ANSWERING + " (carnet-collect serve stopped?): nothing more is sent " +
    "from this page; copy your text, start the desk again and open its new link";
  // A save still waiting for the desk after this long is said to be (trial 68: a suspended
  // desk gave no sign, and a typist pressed Ctrl+Enter again).
  var SEND_PATIENCE = 4000;

  // Says message in where, the place of a form's state (#draft-state): as a status, read
  // out in turn, or when urgent as an alert, read out at once (the desk not answering: a
  // typist who does not hear it types on for nothing, trial 68). A role changed is given
  // its text a moment later, or a screen reader may not say it; a newer message wins.
  function say(where, message, urgent) {
    if (!where) return;
    var role = urgent ? "alert" : "status";
    var turn = (where.carnetTurn || 0) + 1;
    where.carnetTurn = turn;
    if (where.getAttribute("role") === role) {
      where.textContent = message;
      return;
    }
    where.setAttribute("role", role);
    where.textContent = "";
    setTimeout(function () {
      if (where.carnetTurn === turn) where.textContent = message;
    }, 50);
  }
  // Whether a form is being sent (the submit listener below): nothing else is said in its
  // state meanwhile.
  function isSending(form) {
    return form.getAttribute("aria-busy") === "true";
  }

  function draftKeeper(form) {
    var url = form.getAttribute("data-draft");
    var text = form.querySelector("#text");
    var date = form.querySelector("#date");
    var state = document.getElementById("draft-state");
    var csrf = form.querySelector("input[name=csrf]").value;
    // What the desk sent is the form's truth: the draft it kept, or nothing. A browser that
    // refills the form on Back would offer the text just saved as the next entry's draft,
    // and the next page typed would be saved after it as one entry (trial 48).
    if (text.value !== text.defaultValue) text.value = text.defaultValue;
    if (date.value !== date.defaultValue) date.value = date.defaultValue;
    window.addEventListener("pageshow", function (ev) {
      if (ev.persisted) location.reload(); // a page kept whole by the browser: ask again
    });
    // A draft kept moments ago may be another tab's unfinished text: said at once (role
    // alert, set now so that it is announced), unless this tab kept that very text (a
    // reload, a page left and come back to), which would cry wolf at each reload (trial
    // 49). A duplicated tab inherits what its original kept (sessionStorage is copied), so
    // the tabs of this browser that have this form open are asked too (trial 50).
    var note = document.getElementById("note");
    function alarm() {
      if (!note) { // a form opened without a note: one is made for the warning
        note = document.createElement("p");
        note.className = "note";
        note.id = "note";
        form.parentNode.insertBefore(note, form);
      }
      if (note.getAttribute("data-other-tab")) return;
      note.setAttribute("data-other-tab", "1");
      note.setAttribute("role", "alert");
      note.textContent = "";
      setTimeout(function () {
        note.textContent = "This participant's form is open in another tab or window of " +
          "this browser: the text here may be its unfinished page; read it before you save.";
      }, 50);
    }
    if (note && note.getAttribute("data-recent")) {
      var kept = null;
      try { kept = JSON.parse(sessionStorage.getItem("carnet-draft:" + url) || "null"); } catch (e) {}
      if (kept && kept.fp === fingerprint(text.defaultValue) && Date.now() - kept.at < 130000) {
        note.textContent = "Draft restored: the text this tab kept " +
          Math.round((Date.now() - kept.at) / 1000) + " s ago.";
      } else {
        var said = note.textContent;
        note.setAttribute("role", "alert");
        note.textContent = "";
        setTimeout(function () { note.textContent = said; }, 50);
      }
    }
    var tabs = formChannel(url);
    if (tabs) {
      tabs.onmessage = function (ev) {
        if (ev.data === "who") tabs.postMessage("here"); // a tab opened this form: both warn
        if (ev.data === "who" || ev.data === "here") alarm();
        // another tab saved an entry, which removed the draft this tab kept: kept again
        if (ev.data === "saved" && text.value.trim()) {
          sent = "";
          keep();
        }
      };
      tabs.postMessage("who");
    }
    var sent = text.value + "\u0000" + date.value;
    var saving = false, submitting = false, idle = 0, gone = false;
    // what is said of the drafts, unless the entry is being sent: "sending…" and the desk
    // not answering it matter more than a draft's fate
    function tell(message, urgent) {
      if (!isSending(form)) say(state, message, urgent);
    }

    function body() {
      var p = new URLSearchParams();
      p.set("csrf", csrf);
      p.set("date", date.value);
      p.set("text", text.value);
      p.set("entries", form.getAttribute("data-entries") || "");
      return p;
    }
    // The text is posted when it changes, and again every 30 s while it does not: saving an
    // entry in another tab removes this participant's draft, which this page then restores
    // (a draft of text already stored as an entry is refused by the desk).
    function keep() {
      var now = text.value + "\u0000" + date.value;
      idle = now === sent ? idle + 1 : 0;
      if (gone || saving || submitting ||
        (now === sent && (idle % 15 !== 0 || !text.value.trim()))) return;
      saving = true;
      var sending = text.value;
      // a request that hangs (another program writing the study) must not leave "draft
      // kept" on an older text (trial 50)
      var slow = setTimeout(function () {
        tell("draft not kept yet: the study is busy (another program is writing it?)");
      }, 3000);
      deskAnswers()
        .then(function (ok) {
          if (!ok) throw new Error("not the desk");
          return fetch(url, { method: "POST", body: body(), credentials: "same-origin" });
        })
        .then(function (r) {
          if (r.ok) {
            sent = now;
            try {
              sessionStorage.setItem("carnet-draft:" + url,
                JSON.stringify({ at: Date.now(), fp: fingerprint(sending) }));
            } catch (e) {}
            tell("draft kept at " + new Date().toLocaleTimeString());
          } else if (r.status === 409) {
            sent = now; // this text is stored as an entry already: no draft of it
            tell("this text is saved as an entry already");
          } else {
            // the desk's page says why (a text too long, the study locked): a bare status
            // told the transcriber nothing (trial 50)
            return r.text().then(function (page) {
              var why = null;
              try {
                why = new DOMParser().parseFromString(page, "text/html").querySelector("p.error");
              } catch (e) {}
              tell("draft not kept (" + r.status +
                (why && why.textContent.trim() ? ": " + why.textContent.trim() : "") + ")");
            });
          }
        })
        .catch(function () {
          // The desk is gone (stopped, or its computer's network down): nothing more is sent
          // from this page. A program that took its port would be sent every draft, with
          // the session's cookie (a data-protection review did it); a desk started again
          // has a new address and session anyway.
          gone = true;
          say(state, GONE, true); // said at once, even over "sending…"
        })
        .finally(function () {
          clearTimeout(slow);
          saving = false;
        });
    }
    setInterval(keep, 2000);
    // No text is sent as the page goes: there is no time then to ask the desk whether it is
    // still there (trial 54: a tab closed just after the desk stopped sent its text to the
    // program that took the port). Text typed since the last draft is said instead, by the
    // browser's own question on leaving.
    window.addEventListener("beforeunload", function (ev) {
      if (submitting || !text.value.trim() || text.value === sent.split("\u0000")[0]) return;
      ev.preventDefault();
      ev.returnValue = "";
    });
    form.addEventListener("submit", function () {
      submitting = true; // the entry itself is being saved
      sent = text.value + "\u0000" + date.value;
      try { sessionStorage.removeItem("carnet-draft:" + url); } catch (e) {}
    });
  }

  // A saved entry's text has no business in the tab's memory any more (a data-protection
  // review found it there after the save): a form forgets its draft as it is sent, and the
  // desk's page after a save (its address says done=) forgets any this tab kept.
  if (/[?&]done=/.test(location.search)) {
    try {
      for (var i = sessionStorage.length - 1; i >= 0; i--) {
        var key = sessionStorage.key(i);
        if (key && key.indexOf("carnet-draft:") === 0) sessionStorage.removeItem(key);
      }
    } catch (e) {}
  }
  // The page after a saved entry tells the other tabs of that participant's form, whose
  // draft the save removed, to keep theirs again.
  var savedHere = /[?&](done|saved)=/.test(location.search) &&
    location.pathname.match(/^(.*\/p\/[A-Za-z0-9_]+)(\/new)?$/);
  if (savedHere) {
    var told = formChannel(savedHere[1] + "/draft");
    if (told) told.postMessage("saved");
  }

  // The place where a form's sending is said: the entry form's #draft-state, else a status
  // made beside the button pressed the first time it is needed (made empty at load, it
  // would be an empty box on the page).
  function sendState(form, submitter) {
    var state = form.querySelector("#draft-state, .send-state");
    if (state) return state;
    var beside = (submitter && submitter.parentNode) || form.querySelector(".buttons") || form;
    state = document.createElement("span");
    state.className = "meta send-state";
    beside.appendChild(document.createTextNode(" "));
    beside.appendChild(state);
    return state;
  }
  // A form being sent: its buttons disabled, aria-busy (on: true; off: the form sendable again).
  function setSending(form, on) {
    if (on) form.setAttribute("aria-busy", "true");
    else form.removeAttribute("aria-busy");
    Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) {
      if (b.type === "submit") b.disabled = on;
    });
  }
  // The form sent by the browser, with the button pressed: enabled for the moment the
  // browser reads the form (a disabled button's name and value are not sent: the
  // reconciling's choice), disabled again while the page waits for the desk's answer.
  function sendNow(form, submitter, state) {
    setSending(form, false);
    form.setAttribute("data-desk-answered", "1");
    if (form.requestSubmit) {
      form.requestSubmit(submitter);
    } else { // an old browser: sent without a submit event (nor the button's value)
      form.removeAttribute("data-desk-answered");
      form.submit();
    }
    if (form.getAttribute("data-desk-answered")) { // not sent: a field the browser refused
      form.removeAttribute("data-desk-answered");
      say(state, "not sent");
      return;
    }
    setSending(form, true);
  }

  // A form that sends a diary's text is sent once the desk answered (deskAnswers): in the
  // capture phase, before the form's own listeners, and sent again with its button. Once
  // only: while it waits, the desk suspended (a laptop asleep), another press is ignored,
  // "sending…" is said, and after SEND_PATIENCE that the desk is not answering (trial 68:
  // a second Ctrl+Enter sent the entry again, and its "already has this entry" page was
  // the one shown, though the entry was saved). The save is sent when the desk answers.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.classList || !form.classList.contains("entry-form")) return;
    if (form.getAttribute("data-desk-answered")) {
      form.removeAttribute("data-desk-answered");
      return;
    }
    ev.preventDefault();
    ev.stopPropagation();
    if (isSending(form)) return; // this form is on its way already
    var submitter = ev.submitter || null;
    var state = sendState(form, submitter);
    var turn = (form.carnetSend || 0) + 1; // this send's, not an earlier one's, timer
    form.carnetSend = turn;
    setSending(form, true);
    say(state, "sending…");
    // the page still here after a while: the desk was asked and has not answered, or was
    // sent the form and has not answered it (until the page it answers replaces this one)
    setTimeout(function () {
      if (isSending(form) && form.carnetSend === turn)
        say(state, "sending… " + NOT_ANSWERING + " yet (carnet-collect serve stopped, or" +
          " its computer asleep?): the entry is sent when it answers; copy your text if it" +
          " does not", true);
    }, SEND_PATIENCE);
    deskAnswers().then(function (ok) {
      if (ok) return sendNow(form, submitter, state);
      setSending(form, false); // to be sent again once the desk is back at this address
      say(state, "not sent: " + NOT_ANSWERING); // (the alert above the form says it all)
      var said = document.getElementById("desk-gone");
      if (!said) {
        said = document.createElement("p");
        said.id = "desk-gone";
        said.className = "error";
        said.setAttribute("role", "alert");
        form.parentNode.insertBefore(said, form);
      }
      said.textContent = "Not sent: " + GONE + ".";
    });
  }, true);

  // A page the browser kept whole and shows again on Back: its forms sent then are not
  // being sent now, and must not stay disabled.
  window.addEventListener("pageshow", function (ev) {
    if (!ev.persisted) return;
    Array.prototype.forEach.call(document.querySelectorAll("form.entry-form[aria-busy]"),
      function (form) { setSending(form, false); });
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" || !(ev.ctrlKey || ev.metaKey)) return;
    var form = ev.target && ev.target.form;
    if (!form || !form.classList.contains("entry-form")) return;
    ev.preventDefault();
    // a form of several buttons names the one Ctrl+Enter means (reconciling: the text typed)
    var named = form.getAttribute("data-submit");
    var button = named ? document.getElementById(named) : null;
    if (form.requestSubmit) form.requestSubmit(button);
    else form.submit();
  });

  // A hint beside the entry's date as it is typed: the day of the diary, or what the desk
  // will say on saving (refused before consent or in the future, asked to confirm after the
  // diary period, whose end day is its last day, as in check). Dates are compared as
  // YYYY-MM-DD texts.
  // What the desk says of a date that does not exist (the messages of collector/date.c), or "".
  function impossible(d) {
    var y = Number(d.slice(0, 4)), m = Number(d.slice(5, 7)), day = Number(d.slice(8, 10));
    if (y < 1900 || y > 2199) return "'" + d + "': year " + y + " is outside 1900-2199";
    if (m < 1 || m > 12) return "'" + d + "': there is no month " + m;
    var days = new Date(Date.UTC(y, m, 0)).getUTCDate();
    if (day < 1 || day > days)
      return "'" + d + "': impossible date, month " + m + " of " + y + " has " + days + " days";
    return "";
  }
  function dateHint(input, hint) {
    var consent = input.getAttribute("data-consent");
    var end = input.getAttribute("data-end");
    var today = input.getAttribute("data-today");
    var back = input.getAttribute("data-handback"); // "": not handed back
    var confirms = input.getAttribute("data-confirms") === "1"; // a new entry; else a correction
    function update() {
      var d = input.value.trim();
      var msg;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) msg = "YYYY-MM-DD";
      else if (impossible(d)) msg = impossible(d) + ": will be refused";
      else if (d < consent) msg = "before consent (" + consent + "): will be refused";
      else if (d > today) msg = "in the future: will be refused";
      else if (back && d > back) msg = "after the diary came back (" + back + "): will be refused";
      else if (d > end)
        msg = "after the diary period (its last day: " + end + ")" +
          (confirms ? ": you will be asked to confirm" : "");
      else {
        var day = Math.round((Date.parse(d) - Date.parse(consent)) / 86400000) + 1;
        msg = isNaN(day) ? "not a date" : "day " + day + " of the diary";
      }
      hint.textContent = msg;
      hint.className = /refused|period|not a date/.test(msg) ? "meta warn" : "meta";
    }
    input.addEventListener("input", update);
    update();
  }

  var date = document.getElementById("date");
  var hint = document.getElementById("date-hint");
  if (date && hint && date.getAttribute("data-consent")) dateHint(date, hint);

  // Import: the chosen file's bytes are sent as they are (base64), with the encoding chosen:
  // the desk decodes them as carnet-collect import does, and refuses what it would refuse.
  var file = document.getElementById("import-file");
  if (file) {
    file.addEventListener("change", function () {
      var f = file.files && file.files[0];
      if (!f) return;
      var reader = new FileReader();
      reader.onload = function () {
        var url = String(reader.result);
        document.getElementById("import-data").value = url.slice(url.indexOf(",") + 1);
        document.getElementById("import-name").value = f.name;
        document.getElementById("content").value = "";
      };
      reader.readAsDataURL(f);
    });
    document.getElementById("content").addEventListener("input", function () {
      document.getElementById("import-data").value = ""; // pasted text replaces the file
    });
  }

  // A run in progress: the page asks again until it has ended, and is updated in place: a
  // reload every 2 s sent a screen reader back to the top of the page (trial 48). The end
  // is said once, where the focus then is.
  var state = document.getElementById("run-state");
  if (state && state.getAttribute("data-refresh")) {
    var every = 1000 * Number(state.getAttribute("data-refresh"));
    var poll = function () {
      fetch(location.href, { credentials: "same-origin" })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var next = doc.getElementById("run-state"), fresh = doc.getElementById("main");
          var main = document.getElementById("main");
          if (!next || !fresh || !main) return location.reload();
          if (!next.getAttribute("data-refresh")) { // ended: its page, the focus on its state
            main.replaceWith(document.importNode(fresh, true));
            var ended = document.getElementById("run-state");
            ended.setAttribute("tabindex", "-1");
            ended.setAttribute("role", "status");
            ended.focus();
            return;
          }
          state.textContent = next.textContent;
          var log = document.getElementById("run-log"), nextLog = doc.getElementById("run-log");
          if (log && nextLog) log.textContent = nextLog.textContent;
          else if (nextLog) state.after(document.importNode(nextLog.closest("section"), true));
          setTimeout(poll, every);
        })
        .catch(function () { setTimeout(poll, every); });
    };
    setTimeout(poll, every);
  }

  // A note of what was just done, made focusable by the desk, takes the focus: autofocus is
  // ignored on a page opened at a #fragment, as the diary after a correction is, at its
  // entry (trial 68: "Entry N corrected." was neither seen nor heard).
  var done = document.getElementById("note");
  if (done && done.getAttribute("tabindex") === "-1" && document.activeElement !== done)
    done.focus();

  var form = document.getElementById("entry-form");
  if (form && form.getAttribute("data-draft")) draftKeeper(form);
  var text = document.getElementById("text");
  if (text && form && text.hasAttribute("autofocus")) { // else a refused field has the focus
    text.focus();
    text.setSelectionRange(text.value.length, text.value.length);
  }
})();
