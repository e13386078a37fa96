
// Never lose a keystroke (issue 12 item 2). A form marked data-ff-draft saves what the writer
// changed to the server a moment after they stop typing, and asks every 15 seconds for what
// others changed. Each section carries its revision: a section someone else changed is brought
// in if the writer has not touched it; if they have, both texts are shown and the section is
// held back until the writer chooses. Signed out, or offline, the text stays on the page and is
// saved once the server answers again. (The form has buttons named "action", so its address is
// read with getAttribute: `form.action` would be those buttons.) Without JavaScript the form's "Save draft" button does
// the same work in one round.
const draftForm = document.querySelector("form[data-ff-draft]");
if (draftForm) {
  const statusLine = document.getElementById("draft-status");
  const boxes = [...draftForm.querySelectorAll("textarea[data-ff-section]")];
  const input = (name) => draftForm.elements.namedItem(name);
  const keyOf = (box) => box.dataset.ffSection;
  const boxOf = (key) => boxes.find((b) => keyOf(b) === key);
  const serverText = new Map(boxes.map((b) => [keyOf(b), b.value]));
  const held = new Set();
  let sending = false;
  let timer = null;
  const say = (text) => {
    if (statusLine) statusLine.textContent = text;
  };
  const changed = () => boxes.filter((b) => b.value !== serverText.get(keyOf(b)) && !held.has(keyOf(b)));
  // Without this script the page says to press the save button; with it, saving is automatic.
  if (statusLine) statusLine.textContent = `${statusLine.textContent.trim()} What you write is saved as you type.`.trim();

  const whenFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/London" });
  const noteChange = (s) => {
    const group = draftForm.querySelector(`[data-ff-section-group="${CSS.escape(s.key)}"]`);
    let note = group && group.querySelector("[data-ff-changed]");
    if (group && !note) {
      note = document.createElement("span");
      note.className = "app-changed";
      note.dataset.ffChanged = s.key;
      const hint = group.querySelector(".govuk-hint");
      if (hint) hint.append(document.createElement("br"), note);
    }
    if (note && s.changed_by) {
      const at = s.changed_at ? ` on ${whenFormat.format(new Date(s.changed_at))}` : "";
      note.textContent = `Last changed by ${s.changed_by}${at}`;
    }
  };

  const hold = (s) => {
    const box = boxOf(s.key);
    if (!box || held.has(s.key)) return;
    held.add(s.key);
    const panel = document.createElement("div");
    panel.className = "govuk-inset-text app-theirs";
    const who = document.createElement("p");
    who.className = "govuk-body govuk-!-font-weight-bold";
    who.textContent = `${s.changed_by || "Someone else"} changed this section while you were writing. Their words:`;
    const words = document.createElement("p");
    words.className = "govuk-body app-prewrap";
    words.textContent = s.text;
    const choose = (keepMine) => {
      input(`rev:${s.key}`).value = s.rev;
      serverText.set(s.key, s.text);
      if (!keepMine) box.value = s.text;
      held.delete(s.key);
      panel.remove();
      if (held.size === 0) say("Your choice is being saved.");
      schedule(500);
    };
    const button = (label, then) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "govuk-button govuk-button--secondary govuk-!-margin-right-2";
      b.textContent = label;
      b.addEventListener("click", () => {
        then();
        box.focus();
      });
      return b;
    };
    // Their words, then the lines of mine they do not already have (so the common start is
    // not doubled).
    const both = () => {
      const theirs = new Set(s.text.split("\n").map((l) => l.trim()));
      const extra = box.value
        .split("\n")
        .filter((l) => !theirs.has(l.trim()))
        .join("\n")
        .trim();
      choose(false);
      box.value = extra ? `${s.text}\n\n${extra}` : s.text;
    };
    panel.append(who, words, button("Use their words", () => choose(false)), button("Keep both", both), button("Keep my words", () => choose(true)));
    box.before(panel);
    say("Someone else changed a section you are writing: choose whose words to keep. Everything else is saved.");
  };

  // Words on this page that someone else's change replaced are shown, with a way to add them
  // back (the server keeps them too), so nothing disappears unseen.
  const showReplaced = (s, before, box) => {
    const panel = document.createElement("div");
    panel.className = "govuk-inset-text app-theirs";
    const who = document.createElement("p");
    who.className = "govuk-body govuk-!-font-weight-bold";
    who.textContent = `${s.changed_by || "Someone else"} replaced what this section said. It said:`;
    const words = document.createElement("p");
    words.className = "govuk-body app-prewrap";
    words.textContent = before;
    const back = document.createElement("button");
    back.type = "button";
    back.className = "govuk-button govuk-button--secondary govuk-!-margin-right-2";
    back.textContent = "Add these words back";
    back.addEventListener("click", () => {
      box.value = `${box.value}\n\n${before}`;
      panel.remove();
      box.focus();
      schedule(500);
    });
    const close = document.createElement("button");
    close.type = "button";
    close.className = "govuk-button govuk-button--secondary";
    close.textContent = "Leave it as it is";
    close.addEventListener("click", () => {
      panel.remove();
      box.focus();
    });
    panel.append(who, words, back, close);
    box.before(panel);
  };

  const bringIn = (s) => {
    const box = boxOf(s.key);
    if (!box) return;
    if (box.value === serverText.get(s.key)) {
      const before = box.value;
      box.value = s.text;
      serverText.set(s.key, s.text);
      input(`rev:${s.key}`).value = s.rev;
      noteChange(s);
      if (before.trim() !== "" && !s.text.includes(before.trim())) showReplaced(s, before, box);
    } else {
      hold(s);
    }
  };

  // The form token of the session the browser has now, read from a fresh copy of this page;
  // false while signed out.
  const refreshToken = async () => {
    try {
      const response = await fetch(window.location.pathname, { headers: { accept: "text/html" }, credentials: "same-origin" });
      if (!response.ok || new URL(response.url).pathname === "/sign-in") return false;
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      const token = fresh.querySelector("form[data-ff-draft] input[name=csrf_token]");
      if (!token || token.value === input("csrf_token").value) return false;
      for (const field of document.querySelectorAll("input[name=csrf_token]")) field.value = token.value;
      return true;
    } catch {
      return false;
    }
  };

  const save = async () => {
    if (sending) {
      schedule(1000);
      return;
    }
    const edits = changed();
    const body = new URLSearchParams();
    body.set("csrf_token", input("csrf_token").value);
    body.set("action", "autosave");
    for (const b of boxes) body.set(`rev:${keyOf(b)}`, input(`rev:${keyOf(b)}`).value);
    const sent = new Map(edits.map((b) => [keyOf(b), b.value]));
    for (const [key, text] of sent) body.set(`s:${key}`, text);
    sending = true;
    try {
      // keepalive: a save started as the page is left (a link, a reload, a closed tab) still
      // reaches the server.
      const response = await fetch(draftForm.getAttribute("action"), {
        method: "POST",
        body,
        headers: { accept: "application/json" },
        credentials: "same-origin",
        keepalive: true,
      });
      if (!(response.headers.get("content-type") || "").includes("json")) {
        // Signed out (the answer is the sign-in page), or signed in again elsewhere with a new
        // form token: take the token from a fresh copy of this page and try again.
        if (await refreshToken()) {
          schedule(200);
        } else {
          say("You have been signed out, so this page cannot save. Keep it open, sign in again in a new tab, and your writing here is saved as soon as you are back.");
          schedule(5000);
        }
        return;
      }
      const answer = await response.json();
      if (response.ok) {
        for (const s of answer.saved) {
          serverText.set(s.key, sent.has(s.key) ? sent.get(s.key) : s.text);
          input(`rev:${s.key}`).value = s.rev;
          noteChange(s);
        }
        for (const s of answer.changed_by_others) bringIn(s);
        if (answer.status && sent.size > 0) say(`${answer.status}.`);
        const others = [...new Set(answer.changed_by_others.map((s) => s.changed_by).filter(Boolean))];
        if (others.length > 0 && held.size === 0) {
          say(`${others.join(" and ")} changed ${answer.changed_by_others.length === 1 ? "a section" : "some sections"}; their words are now on this page.`);
        }
      } else if (response.status === 409 && Array.isArray(answer.conflicts)) {
        for (const s of answer.conflicts) hold(s);
        schedule(500);
      } else if (Array.isArray(answer.errors) && answer.errors.length > 0) {
        say(`Not saved: ${answer.errors.map((e) => e.message).join(". ")}.`);
      } else {
        say(answer.detail || "Your latest changes could not be saved yet; they are still on this page.");
        schedule(15000);
      }
    } catch {
      say("The server cannot be reached. Your writing is still on this page and is saved when the connection returns.");
      schedule(15000);
    } finally {
      sending = false;
    }
  };

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(save, ms);
  }

  draftForm.addEventListener("input", () => schedule(2000));
  setInterval(() => {
    if (!timer || changed().length === 0) save();
  }, 15000);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && changed().length > 0) save();
  });
  // Leaving within the moment before a save (or while one is on its way, or with a section held
  // for a choice): save now, and ask the browser to check with the writer before the page goes.
  window.addEventListener("beforeunload", (event) => {
    if (changed().length === 0 && !sending && held.size === 0) return;
    clearTimeout(timer);
    if (!sending && changed().length > 0) save();
    event.preventDefault();
    event.returnValue = "";
  });
  draftForm.addEventListener("submit", () => {
    // The form's own buttons post every section: nothing to warn about.
    for (const b of boxes) serverText.set(keyOf(b), b.value);
    held.clear();
  });
}
