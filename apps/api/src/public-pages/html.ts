import { html, type SafeHtml } from '@pi/application';

/** A complete page: mobile-first, one stylesheet from this origin, nothing else loaded. */
export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/public.css">
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`.value;
}
