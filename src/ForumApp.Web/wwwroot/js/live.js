// Live discussion: follows /api/essays/{id}/events and brings the discussion on this page up to date when something
// changes (a reply, an edit, a deletion, a merge), without a reload. The threads are fetched again and swapped in with
// the comment the reader is looking at held in place; new comments above the reader do not push the page: a
// "새 댓글 N개" bar offers them instead. The composer lives outside the thread list and is never touched.
// Without JavaScript (or without EventSource) the page stays as it was served.
const marker = "__forumLive";

function start() {
  const threads = document.getElementById("discussion-threads");
  const essayId = threads?.dataset.essayId;
  if (!threads || !essayId || !("EventSource" in window)) {
    return;
  }

  if (window[marker]?.essayId === essayId) {
    return; // already following this essay (Blazor's enhanced navigation can run the module again)
  }

  window[marker]?.source.close();
  const source = new EventSource(`/api/essays/${essayId}/events`);
  const state = { essayId, source, timer: 0, unseen: new Set() };
  window[marker] = state;
  for (const kind of ["commentPosted", "commentEdited", "commentDeleted", "commentRestored", "commentsMerged", "commentsUnmerged", "essayChanged"]) {
    source.addEventListener(kind, () => schedule(state));
  }
}

function schedule(state) {
  // Changes often come in bursts (a merge touches many comments): one refresh for the burst.
  clearTimeout(state.timer);
  state.timer = setTimeout(() => refresh(state).catch(() => {}), 60);
}

function pageAddresses() {
  const here = new URL(window.location.href);
  here.hash = "";
  const loaded = (document.getElementById("discussion-threads")?.dataset.loadedPages ?? "").split(",").filter(Boolean);
  if (loaded.length <= 1) {
    return [here.toString()];
  }

  return loaded.map((page) => {
    const url = new URL(here);
    if (page === "1") {
      url.searchParams.delete("page");
    } else {
      url.searchParams.set("page", page);
    }

    return url.toString();
  });
}

async function refresh(state) {
  const current = document.querySelector("#discussion-threads");
  if (!current || current.dataset.essayId !== state.essayId) {
    return;
  }

  const pages = await Promise.all(pageAddresses().map(async (address) => {
    const response = await fetch(address, { headers: { Accept: "text/html" }, credentials: "same-origin", cache: "no-cache" });
    if (!response.ok) {
      throw new Error(`HTTP ${response.status}`);
    }

    return new DOMParser().parseFromString(await response.text(), "text/html");
  }));

  const fresh = pages[0].querySelector("#discussion-threads");
  if (!fresh) {
    return;
  }

  for (const extra of pages.slice(1)) {
    const list = fresh.querySelector("ol.thread-list");
    for (const item of extra.querySelectorAll("#discussion-threads ol.thread-list > li")) {
      list?.append(item);
    }
  }

  const before = new Set([...current.querySelectorAll("article.comment[id]")].map((a) => a.id));
  const anchor = firstVisibleComment(current);
  const anchorTop = anchor?.getBoundingClientRect().top;
  const open = new Set([...current.querySelectorAll("details.replies:not([open])")].map((d) => d.closest("li")?.querySelector(":scope > article")?.id));

  current.replaceChildren(...[...fresh.childNodes].map((node) => document.adoptNode(node)));
  current.dataset.pageCount = fresh.dataset.pageCount ?? current.dataset.pageCount;
  for (const id of open) {
    // Keep the threads the reader folded folded.
    document.getElementById(id)?.closest("li")?.querySelector(":scope > details.replies")?.removeAttribute("open");
  }

  if (anchor && anchorTop !== undefined) {
    const again = document.getElementById(anchor.id);
    if (again) {
      window.scrollBy(0, again.getBoundingClientRect().top - anchorTop);
    }
  }

  for (const article of current.querySelectorAll("article.comment[id]")) {
    if (!before.has(article.id)) {
      article.classList.add("live-new");
      if (article.getBoundingClientRect().bottom < 0) {
        state.unseen.add(article.id);
      }
    }
  }

  const count = pages[0].querySelector("#discussion-title .count");
  const title = document.querySelector("#discussion-title .count");
  if (count && title) {
    title.textContent = count.textContent;
  }

  const freshPager = pages.at(-1).querySelector("nav.discussion-pager");
  const pager = document.querySelector("nav.discussion-pager");
  if (freshPager && pager) {
    const next = freshPager.querySelector("a.pager-next");
    pager.querySelector("a.pager-next")?.replaceWith(...(next ? [document.adoptNode(next)] : []));
  }

  showUnseen(state);
}

function firstVisibleComment(root) {
  for (const article of root.querySelectorAll("article.comment[id]")) {
    const box = article.getBoundingClientRect();
    if (box.bottom > 0) {
      return article;
    }
  }

  return null;
}

function showUnseen(state) {
  for (const id of [...state.unseen]) {
    const article = document.getElementById(id);
    if (!article || article.getBoundingClientRect().bottom >= 0) {
      state.unseen.delete(id);
    }
  }

  let bar = document.getElementById("live-new-bar");
  if (state.unseen.size === 0) {
    bar?.remove();
    return;
  }

  if (!bar) {
    bar = document.createElement("button");
    bar.type = "button";
    bar.id = "live-new-bar";
    bar.className = "live-new-bar";
    bar.addEventListener("click", () => {
      const first = [...state.unseen].map((id) => document.getElementById(id)).find(Boolean);
      state.unseen.clear();
      bar.remove();
      first?.scrollIntoView({ block: "center" });
      first?.setAttribute("tabindex", "-1");
      first?.focus({ preventScroll: true });
    });
    document.body.append(bar);
  }

  // The page gives the text in its language ("새 댓글 {0}개", "{0} new comments"): data-new-comments on the thread list.
  const template = document.getElementById("discussion-threads")?.dataset.newComments || "새 댓글 {0}개";
  bar.textContent = template.replace("{0}", state.unseen.size.toLocaleString(document.documentElement.lang || "ko"));
}

start();
document.addEventListener("scroll", () => window[marker] && showUnseen(window[marker]), { passive: true });
// Blazor's enhanced navigation swaps pages without reloading scripts: follow the essay the new page shows.
window.Blazor?.addEventListener?.("enhancedload", start);
