// Progressive enhancement of the discussion's pages: "다음 댓글" appends the next page's threads in place instead
// of leaving the page. Without this script (or when it fails) the link is an ordinary link to the next page.
// One delegated listener on the document, so it keeps working after Blazor's enhanced navigation swaps the page.
const marker = "__forumDiscussionPages";

if (!window[marker]) {
  window[marker] = true;
  document.addEventListener("click", async (event) => {
    const link = event.target instanceof Element ? event.target.closest("nav.discussion-pager a.pager-next") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }

    const current = document.querySelector("#discussion-threads ol.thread-list");
    const pager = link.closest("nav.discussion-pager");
    if (!current || !pager) {
      return;
    }

    event.preventDefault();
    link.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(link.href, { headers: { Accept: "text/html" }, credentials: "same-origin" });
      if (!response.ok) {
        throw new Error(`HTTP ${response.status}`);
      }

      const next = new DOMParser().parseFromString(await response.text(), "text/html");
      const items = next.querySelectorAll("#discussion-threads ol.thread-list > li");
      const first = items[0]?.querySelector("article");
      for (const item of items) {
        current.append(document.adoptNode(item));
      }

      const threads = document.getElementById("discussion-threads");
      const loaded = next.getElementById("discussion-threads")?.dataset.page;
      if (threads && loaded) {
        // The live updates refresh every page the reader has in front of them.
        threads.dataset.loadedPages = [...(threads.dataset.loadedPages ?? "").split(",").filter(Boolean), loaded].join(",");
      }

      const nextPager = next.querySelector("nav.discussion-pager");
      nextPager?.querySelector("a.pager-prev")?.remove();
      if (nextPager) {
        pager.replaceWith(document.adoptNode(nextPager));
      } else {
        pager.remove();
      }

      if (first) {
        // Keyboard and screen-reader users continue where the new comments start.
        first.setAttribute("tabindex", "-1");
        first.focus({ preventScroll: true });
      }
    } catch {
      // Fall back to the plain link: the next page opens on its own.
      window.location.assign(link.href);
    }
  });
}
