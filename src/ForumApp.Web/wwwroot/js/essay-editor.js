// The essay editor's safety net, so nothing typed is lost:
// - every keystroke is copied to this browser's localStorage at once (a crash, a closed tab or a dropped connection
//   loses nothing); the copy is forgotten once the server says it holds the same text;
// - typing is handed to the server a moment after it stops (a "change" event, which the Blazor binding listens to),
//   instead of sending the whole essay on every keystroke;
// - when the page is left with text the server has not acknowledged, it is sent with navigator.sendBeacon, a plain
//   form post with the antiforgery field, which works even when the circuit is gone.
// composer.js writes the same key for typing done before this module runs.
const key = place => `forumapp:essay-draft:${place}`;
const settleMs = 400;

// FNV-1a over UTF-16 code units; the server computes the same (EssayEditor.Fingerprint).
export function fingerprint(title, body, tags) {
  let hash = 0x811c9dc5;
  for (const text of [title, "\u0000", body, "\u0000", tags]) {
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return hash >>> 0;
}

export function attach(root, place, draftUrl, dotnet) {
  const fields = {
    title: root.querySelector("#essay-title"),
    body: root.querySelector("#essay-body"),
    tags: root.querySelector("#essay-tags"),
  };
  const state = { place, draftUrl, timer: 0 };
  const values = () => ({ title: fields.title.value, body: fields.body.value, tags: fields.tags.value });

  const remember = () => {
    const v = values();
    try {
      localStorage.setItem(key(state.place), JSON.stringify({ ...v, at: Date.now() }));
    } catch {
      // A full or disabled storage only loses the extra safety net.
    }
  };

  const settle = target => {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => target.dispatchEvent(new Event("change", { bubbles: true })), settleMs);
  };

  for (const field of Object.values(fields)) {
    field.addEventListener("input", () => {
      remember();
      settle(field);
    });
  }

  const flush = () => {
    const saved = localStorage.getItem(key(state.place));
    if (!saved) {
      return;
    }
    const token = root.querySelector("input[name=__RequestVerificationToken]")?.value;
    const v = values();
    const form = new FormData();
    form.append("title", v.title);
    form.append("bodyMarkdown", v.body);
    form.append("tags", v.tags);
    if (token) {
      form.append("__RequestVerificationToken", token);
    }
    navigator.sendBeacon(state.draftUrl, form);
  };
  window.addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      flush();
    }
  });

  // A copy the server never acknowledged (the tab crashed or the connection dropped before the autosave): put it back.
  let restored = false;
  try {
    const saved = JSON.parse(localStorage.getItem(key(state.place)) ?? "null");
    const now = values();
    if (saved && (saved.title !== now.title || saved.body !== now.body || saved.tags !== now.tags)) {
      fields.title.value = saved.title ?? "";
      fields.body.value = saved.body ?? "";
      fields.tags.value = saved.tags ?? "";
      for (const field of Object.values(fields)) {
        field.dispatchEvent(new Event("change", { bubbles: true }));
      }
      restored = true;
    }
  } catch {
    // An unreadable copy is ignored.
  }

  root.__essayEditor = state;
  if (restored) {
    dotnet.invokeMethodAsync("RestoredFromBrowser");
  }
}

// The server holds text with this fingerprint: forget the local copy if it is the same text.
export function synced(root, hash) {
  const state = root.__essayEditor;
  if (!state) {
    return;
  }
  const saved = JSON.parse(localStorage.getItem(key(state.place)) ?? "null");
  if (saved && fingerprint(saved.title ?? "", saved.body ?? "", saved.tags ?? "") === hash) {
    localStorage.removeItem(key(state.place));
  }
}

// The essay was saved (or the draft thrown away): nothing to keep for this place.
export function forget(root) {
  const state = root.__essayEditor;
  if (state) {
    localStorage.removeItem(key(state.place));
  }
}

// A new essay became a stored draft: later copies and beacons belong to its place, and a reload opens its editor.
export function moved(root, place, draftUrl, url) {
  const state = root.__essayEditor;
  if (state) {
    localStorage.removeItem(key(state.place));
    state.place = place;
    state.draftUrl = draftUrl;
  }
  history.replaceState(history.state, "", url);
}
