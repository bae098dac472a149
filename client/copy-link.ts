/**
 * A Copy button beside each link marked `data-copy` (the link stays selectable text without
 * JavaScript): copies it, and says so in a live region.
 */
document.querySelectorAll<HTMLElement>('[data-copy]').forEach((box) => {
  const text = box.dataset.copy;
  if (!text || !navigator.clipboard) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0';
  button.textContent = 'Copy link';
  const said = document.createElement('span');
  said.className = 'govuk-body-s govuk-!-margin-left-2';
  said.setAttribute('role', 'status');
  button.addEventListener('click', () => {
    navigator.clipboard.writeText(text).then(
      () => (said.textContent = 'Copied'),
      () => (said.textContent = 'Could not copy: select the link and copy it yourself'),
    );
  });
  box.append(button, said);
});
