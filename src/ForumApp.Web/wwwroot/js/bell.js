// The header's notification bell: keeps the unread count current without a reload. It asks
// GET /api/notifications?pageSize=1 (which answers unreadCount) every data-poll-seconds while the tab is visible, and
// at once when the tab becomes visible again. A failed request changes nothing; the next one tries again.
(() => {
  "use strict";
  if (window.forumBell) {
    return; // enhanced navigation may run the script again
  }
  window.forumBell = true;
  const seconds = Number(document.getElementById("nav-notifications")?.dataset.pollSeconds || 30);

  async function refresh() {
    const bell = document.getElementById("nav-notifications");
    if (!bell || document.visibilityState !== "visible") {
      return;
    }
    try {
      const response = await fetch("/api/notifications?pageSize=1", { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) {
        return;
      }
      const { unreadCount } = await response.json();
      const count = bell.querySelector(".bell-count");
      count.textContent = String(unreadCount);
      count.hidden = unreadCount === 0;
      const unread = bell.querySelector(".bell-unread");
      unread.textContent = (unread.dataset.label || "{0}").replace("{0}", String(unreadCount));
    } catch {
      // offline or the server restarting: the next round tries again
    }
  }

  setInterval(refresh, Math.max(5, seconds) * 1000);
  document.addEventListener("visibilitychange", refresh);
})();
