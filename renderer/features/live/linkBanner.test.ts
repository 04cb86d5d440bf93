/**
 * The link banner's cluster state, rendered to markup (no DOM needed): a server that lost its cluster link says so
 * in the banner slot, the emergency strip then moves below it, and a dead link to our own server still comes first.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ClusterLinkState } from '../../net/link';
import type { LinkView } from './linkView';
import { alert, T0 } from '../../../shared/live/fixtures';
import { EmergencyStrip, LinkBanner, linkBannerShown } from './LiveOverlays';

const connected: LinkView = { kind: 'connected', since: T0 };
const down: ClusterLinkState = { state: 'down', since: T0 };
const up: ClusterLinkState = { state: 'up', since: T0 };
const none: ClusterLinkState = { state: null, since: T0 };
const noop = () => undefined;
const banner = (view: LinkView, cluster: ClusterLinkState, replayAt: number | null = null) =>
  renderToStaticMarkup(createElement(LinkBanner, { view, cluster, url: 'http://127.0.0.1:4870', replayAt, onRetry: noop, onSettings: noop }));
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&#x27;|&apos;/g, "'");

describe('the cluster link banner', () => {
  it('says plainly, as an alert, that the server serves its own sources only', () => {
    const html = banner(connected, down);
    expect(html).toMatch(/role="alert"/);
    expect(html).toMatch(/class="link-banner cluster-down"/);
    expect(text(html)).toContain("Cluster link down: this server is serving its own sources only; other control rooms' updates are not reaching you");
  });
  it('shows nothing while the cluster is up or the server is not part of one', () => {
    expect(banner(connected, up)).toBe('');
    expect(banner(connected, none)).toBe('');
    expect(linkBannerShown(connected, up, null)).toBe(false);
  });
  it('gives way to a dead link to our own server and to replay', () => {
    expect(text(banner({ kind: 'down', since: T0, lastMessageAt: T0, attempt: 1 }, down))).toMatch(/^Link to the command server down since/);
    expect(text(banner(connected, down, T0))).toMatch(/^Replay:/);
  });
  it('moves the emergency strip below it, so an emergency is never hidden', () => {
    expect(linkBannerShown(connected, down, null)).toBe(true);
    const strip = renderToStaticMarkup(
      createElement(EmergencyStrip, {
        alerts: [alert('emergency:x', { kind: 'emergency', severity: 'critical' })],
        below: linkBannerShown(connected, down, null),
        onShow: noop,
        onAck: noop,
      }),
    );
    expect(strip).toMatch(/class="emergency-strip below"/);
    expect(strip).toMatch(/EMERGENCY/);
  });
});
