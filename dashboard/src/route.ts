/** Hash routes: `#/` is the list, `#/videos/<id>` a video page, `#/webhooks` the endpoints, `#/stats` the figures. Any static host can serve them. */
export type Route = { name: 'list' } | { name: 'video'; videoId: string } | { name: 'webhooks' } | { name: 'stats' };

export function parseRoute(hash: string): Route {
  if (/^#\/webhooks\/?$/.test(hash)) return { name: 'webhooks' };
  if (/^#\/stats\/?$/.test(hash)) return { name: 'stats' };
  const match = /^#\/videos\/([^/?#]+)\/?$/.exec(hash);
  if (match?.[1]) {
    try {
      return { name: 'video', videoId: decodeURIComponent(match[1]) };
    } catch {
      return { name: 'list' };
    }
  }
  return { name: 'list' };
}
