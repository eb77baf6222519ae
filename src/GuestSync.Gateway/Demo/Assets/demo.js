// Progressive enhancement of the demo form: without this script the form is a plain HTML post.
// With it, the post is a fetch asking for JSON; the answer is shown in the live region and
// validation errors from the problem+json `errors` appear beside their fields.
(() => {
  'use strict';
  const form = document.getElementById('profile-form');
  if (!form || !window.fetch) {
    return;
  }

  const result = document.getElementById('result');
  const button = form.querySelector('button[type="submit"]');
  const key = form.querySelector('input[data-idempotency-key]');

  // Once the gateway has answered, the next send is a new submission: it gets a new idempotency key. After a
  // network failure or a 409 (the first send is still running) the key is kept, so sending again is answered
  // with the first send's answer and reaches Genesys once.
  function renewKey() {
    if (key && window.crypto && crypto.getRandomValues) {
      const bytes = crypto.getRandomValues(new Uint8Array(16));
      key.value = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    }
  }

  function clearErrors() {
    for (const input of form.querySelectorAll('input')) {
      input.removeAttribute('aria-invalid');
      const error = document.getElementById(input.id + '-error');
      if (error) {
        error.textContent = '';
        error.hidden = true;
      }
    }
  }

  function showErrors(errors) {
    let first = null;
    for (const [name, messages] of Object.entries(errors || {})) {
      const input = form.elements.namedItem(name);
      const error = document.getElementById(name + '-error');
      if (!input || !error) {
        continue;
      }
      input.setAttribute('aria-invalid', 'true');
      error.textContent = [].concat(messages).join(' ');
      error.hidden = false;
      first = first || input;
    }
    return first;
  }

  function say(kind, text) {
    result.className = 'result result-' + kind;
    const paragraph = document.createElement('p');
    paragraph.textContent = text;
    result.replaceChildren(paragraph);
  }

  async function showReceived(guestId) {
    const base = form.dataset.received;
    if (!base) {
      return;
    }
    const response = await fetch(base + encodeURIComponent(guestId), { headers: { Accept: 'text/html' } });
    if (!response.ok) {
      return;
    }
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const section = page.getElementById('received');
    if (section) {
      result.append(document.importNode(section, true));
    }
  }

  // A queued update: ask the result page every 2 s (at most 10 minutes) until it is no longer queued, then show
  // what Genesys received.
  async function waitForDelivery(guestId) {
    const until = Date.now() + 10 * 60 * 1000;
    while (Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      try {
        const response = await fetch('/demo/result?guestId=' + encodeURIComponent(guestId), { headers: { Accept: 'text/html' } });
        if (!response.ok) {
          continue;
        }
        const page = new DOMParser().parseFromString(await response.text(), 'text/html');
        if (page.querySelector('[data-queued]')) {
          continue;
        }
        say('success', 'Delivered: Genesys Cloud accepted the queued update for guest ' + guestId + '.');
        const section = page.getElementById('received');
        if (section) {
          result.append(document.importNode(section, true));
        }
        return;
      } catch {
        // The gateway is briefly unreachable: ask again.
      }
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    button.disabled = true;
    say('pending', 'Sending…');
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        headers: { Accept: 'application/json' },
        body: new URLSearchParams(new FormData(form)),
      });
      const body = await response.json().catch(() => ({}));
      if (response.status !== 409) {
        renewKey();
      }
      if (response.status === 202 && body.status === 'queued') {
        say('queued', 'Queued: Genesys Cloud cannot take the update right now, so the gateway stored it (encrypted values only) for guest '
          + body.guestId + ' and will deliver it as soon as Genesys is back.');
        waitForDelivery(body.guestId);
        return;
      }
      if (response.ok) {
        say('success', 'Saved: Genesys Cloud accepted the update for guest ' + body.guestId + '.');
        await showReceived(body.guestId);
        return;
      }
      const first = showErrors(body.errors);
      const title = (body.title || 'The update was not sent').replace(/\.$/, '');
      say('error', title + (first ? '. Please correct the fields marked below.' : '.'));
      if (first) {
        first.focus();
      }
    } catch {
      say('error', 'The gateway could not be reached. Please try again.');
    } finally {
      button.disabled = false;
    }
  });
})();
