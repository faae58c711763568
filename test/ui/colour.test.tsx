import '../support/force-color.js';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeSession } from '../support/fake-session.js';
import { renderApp, type Rendered } from '../support/render-app.js';

let app: Rendered | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

// eslint-disable-next-line no-control-regex
const COLOUR = /\u001b\[(3[0-7]|9[0-7]|38;[0-9;]+)m/;
// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

function failing() {
  const session = fakeSession();
  session.runs({
    webserver: { statename: 'FATAL', pid: 0, spawnerr: 'Exited too quickly (process log may have details)' },
    mongodb: { statename: 'STOPPED', pid: 0 },
  });
  return session;
}

describe('colour and NO_COLOR', () => {
  it('colours states when colour is on', async () => {
    app = await renderApp(failing());
    const frame = await app.waitFor((text) => plain(text).includes('FATAL'));
    expect(frame).toMatch(COLOUR);
    expect(frame).toContain('\u001b[32m●');
    expect(frame).toContain('\u001b[31m✖');
  });

  it('with NO_COLOR keeps every state apart by glyph and word, without colour codes', async () => {
    app = await renderApp(failing(), { color: false });
    const frame = await app.waitFor((text) => plain(text).includes('FATAL'));
    expect(frame).not.toMatch(COLOUR);
    const text = plain(frame);
    // The cursor starts on the failed process.
    expect(text).toMatch(/^ ● rabbitmq-server +sup +RUNNING/m);
    expect(text).toMatch(/^ ○ mongodb +sup +STOPPED/m);
    expect(text).toMatch(/^›✖ webserver +sup +FATAL +Exited too quickly/m);
    expect(text).toMatch(/^ ● ▸ amqp2engines\* +glob +RUNNING +3\/3 running$/m);
  });
});
