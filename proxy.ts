import { type NextRequest, NextResponse } from "next/server";

/**
 * Only for API paths holding a percent sign (the matcher keeps it off every other request, ingest
 * included): a segment that does not decode would otherwise reach Next's router, which answers
 * a bare 500. It names nothing that exists, so it is a 404 in the API's own error shape.
 */
export function proxy(request: NextRequest) {
  for (const segment of request.nextUrl.pathname.split("/")) {
    try {
      decodeURIComponent(segment);
    } catch {
      return NextResponse.json(
        { error: { code: "not_found", message: "No such resource" } },
        { status: 404, headers: { "cache-control": "no-store" } },
      );
    }
  }
  return NextResponse.next();
}

export const config = {
  matcher: ["/api/:path(.*%.*)"],
};
