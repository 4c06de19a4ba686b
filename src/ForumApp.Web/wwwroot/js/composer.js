// Nothing typed into the comment composer is lost (docs/commenting.md, "Nothing typed is lost").
//
// The essay page renders the composer as a plain form before its Blazor circuit starts, so the box can be typed into
// (and its quote buttons used) at once. When the circuit starts, Blazor replaces that box with the interactive one,
// which knows nothing of what was typed since the page was sent. This script keeps what was typed into the static box
// and puts it into the interactive box the moment it appears (a MutationObserver runs before the next keystroke can),
// with the caret where it was, as an input event, so the server receives it like typing.
//
// It also keeps the text of the live box in sessionStorage while the connection is down, so a page reloaded after a
// server restart gets back even what the server had not saved yet.
//
// The essay editor's fields are the same: typed into before the editor's circuit starts, they are kept here (and in the
// browser copy js/essay-editor.js keeps, under the same key) and put into the live fields as they appear, as "change"
// events (what the editor's bindings listen to), with the focus and caret where they were.
//
// A classic script loaded before blazor.web.js (App.razor): it listens before any circuit can start, on every page,
// because Blazor's enhanced navigation opens composers without running page scripts. It does nothing until a composer
// box is typed into.
(() => {
  "use strict";
  if (window.forumComposer) {
    return;
  }

  const stashPrefix = "forum-composer:";
  const stashMaxAgeMs = 24 * 60 * 60 * 1000;
  let pending = null; // what was typed into the static box, waiting for the interactive one
  let offline = false; // the circuit's connection is down (the reconnect dialog is up)

  const isBox = (element) => element instanceof HTMLTextAreaElement && element.id === "comment-body";
  const isLive = (box) => box.hasAttribute("data-interactive");
  const stashKey = () => stashPrefix + location.pathname + location.search;

  function remember(box) {
    pending = {
      value: box.value,
      start: box.selectionStart,
      end: box.selectionEnd,
      focused: document.activeElement === box,
    };
    // Until the server can render them, the counter follows the box and the preview says it is coming.
    const count = document.getElementById("comment-count");
    if (count) {
      count.textContent = count.textContent.replace(/^[\d,]+/, [...box.value].length.toLocaleString("en-US"));
    }

    const preview = document.getElementById("comment-preview");
    if (preview && !preview.querySelector(".preview-waiting")) {
      const note = document.createElement("p");
      note.className = "preview-empty preview-waiting";
      note.textContent = preview.dataset.waitingText || "연결되면 미리 보기가 나타납니다…"; // the page gives it in its language
      preview.replaceChildren(note);
    }
  }

  function adopt() {
    if (!pending) {
      return;
    }

    const box = document.querySelector("#comment-body[data-interactive]");
    if (!box) {
      return;
    }

    const typed = pending;
    pending = null;
    if (box.value !== typed.value) {
      box.value = typed.value;
      box.dispatchEvent(new Event("input", { bubbles: true }));
    }

    if (typed.focused) {
      box.focus({ preventScroll: true });
      box.setSelectionRange(typed.start, typed.end);
    }
  }

  function stash() {
    const box = document.getElementById("comment-body");
    if (box && isLive(box) && box.value.trim() !== "") {
      sessionStorage.setItem(stashKey(), JSON.stringify({ text: box.value, at: Date.now() }));
    }
  }

  function restoreStash() {
    const key = stashKey();
    const raw = sessionStorage.getItem(key);
    if (!raw) {
      return;
    }

    sessionStorage.removeItem(key);
    const box = document.getElementById("comment-body");
    try {
      const { text, at } = JSON.parse(raw);
      if (box && !isLive(box) && typeof text === "string" && Date.now() - at < stashMaxAgeMs && text !== box.value) {
        box.value = text;
        remember(box);
      }
    } catch {
      // A stash this script did not write: ignore it.
    }
  }

  document.addEventListener("input", (event) => {
    const box = event.target;
    if (!isBox(box)) {
      return;
    }

    if (!isLive(box)) {
      remember(box);
    } else if (offline) {
      stash();
    }
  }, true);

  // Quote buttons of the static composer carry their quote (data-quote): quote as the interactive composer would.
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("button.quote-paragraph[data-quote]") : null;
    const box = document.getElementById("comment-body");
    if (!button || !box || isLive(box)) {
      return;
    }

    const quote = button.dataset.quote;
    box.value = box.value.trim() === "" ? quote : box.value.trimEnd() + "\n\n" + quote;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    remember(box);
  }, true);

  // blazor.web.js announces the reconnect dialog's states on the dialog; capturing here runs before its own handler,
  // which reloads the page when the circuit cannot come back.
  document.addEventListener("components-reconnect-state-changed", (event) => {
    offline = event.detail?.state !== "hide";
    if (offline) {
      stash();
    } else {
      sessionStorage.removeItem(stashKey());
    }
  }, true);

  window.addEventListener("pagehide", () => {
    if (offline) {
      stash();
    }
  });

  // The essay editor, before and as its circuit starts.
  const editorFields = ["essay-title", "essay-body", "essay-tags"];
  let editorPending = null; // the static editor's fields as typed, waiting for the live ones

  document.addEventListener("input", (event) => {
    const field = event.target;
    const root = field instanceof HTMLElement ? field.closest("#essay-editor[data-ready='false']") : null;
    if (!root || !editorFields.includes(field.id)) {
      return;
    }

    const value = (id) => root.querySelector("#" + id)?.value ?? "";
    editorPending = {
      values: Object.fromEntries(editorFields.map((id) => [id, value(id)])),
      focus: { id: field.id, start: field.selectionStart, end: field.selectionEnd },
    };
    try {
      // The live editor's own copy (js/essay-editor.js): a tab closed before the circuit starts still loses nothing.
      localStorage.setItem("forumapp:essay-draft:" + root.dataset.place, JSON.stringify({
        title: value("essay-title"), body: value("essay-body"), tags: value("essay-tags"), at: Date.now(),
      }));
    } catch {
      // A full or disabled storage only loses the extra safety net.
    }
  }, true);

  function adoptEditor() {
    const root = editorPending ? document.querySelector("#essay-editor[data-ready='true']") : null;
    if (!root) {
      return;
    }

    const typed = editorPending;
    editorPending = null;
    for (const id of editorFields) {
      const field = root.querySelector("#" + id);
      if (field && field.value !== typed.values[id]) {
        field.value = typed.values[id];
        field.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }

    const focused = root.querySelector("#" + typed.focus.id);
    if (focused) {
      focused.focus({ preventScroll: true });
      focused.setSelectionRange(typed.focus.start, typed.focus.end);
    }
  }

  new MutationObserver(() => {
    adopt();
    adoptEditor();
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-ready"] });

  const box = document.getElementById("comment-body");
  if (box && !isLive(box) && box.value !== box.defaultValue) {
    remember(box); // typed before this script ran
  }

  restoreStash();
  window.forumComposer = { adopt };
})();
