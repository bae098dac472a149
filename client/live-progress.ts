/**
 * Follows a background job on its page: asks how it is going every second, says so in a live
 * region (read out politely by screen readers), and shows the finished page when it ends.
 */
const box = document.querySelector<HTMLElement>('[data-progress-url]');
const status = box?.querySelector<HTMLElement>('[data-progress-status]');

async function follow(url: string, out: HTMLElement): Promise<void> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) return;
    const run = (await response.json()) as { state: string; status: string };
    if (run.state === 'done') {
      window.location.reload();
      return;
    }
    if (out.textContent !== run.status) out.textContent = run.status;
  }
}

if (box?.dataset.progressUrl && status) void follow(box.dataset.progressUrl, status).catch(() => undefined);
