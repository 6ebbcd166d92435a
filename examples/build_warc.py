"""Build the demo WARC file ``examples/corpus/warc/crawl.warc.gz``.

All pages are fictional articles kept as HTML files in ``examples/warc_pages/``.
WARC-Date values, WARC-Record-IDs and HTTP Date headers are fixed so that
re-running this script produces a byte-identical file.

Run with:  /work/main/.venv/bin/python examples/build_warc.py
"""

from __future__ import annotations

import struct
import zlib
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
PAGES = HERE / "warc_pages"
OUT = HERE / "corpus" / "warc" / "crawl.warc.gz"


def rid(n: int) -> str:
    return f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>"


# (record number, url, page file, WARC-Date, HTTP Date header, server IP)
HTML_PAGES = [
    (
        3,
        "https://meridiancourier.example/business/2024/03/11/greek-ferry-operator-shares-slide",
        "meridian-courier-ferry-shares.html",
        "2024-03-12T09:14:05Z",
        "Tue, 12 Mar 2024 09:14:05 GMT",
        "192.0.2.10",
    ),
    (
        4,
        "https://adriaticobserver.example/region/slovenia/vrsic-second-landslide-kranjska-gora",
        "adriatic-observer-vrsic-second-landslide.html",
        "2024-05-29T06:02:41Z",
        "Wed, 29 May 2024 06:02:41 GMT",
        "192.0.2.20",
    ),
    (
        5,
        "https://skerrypost.example/news/mackerel-edinburgh-deal",
        "skerrypost-mackerel-edinburgh.html",
        "2024-07-03T07:45:12Z",
        "Wed, 03 Jul 2024 07:45:12 GMT",
        "192.0.2.30",
    ),
]


def tiny_png() -> bytes:
    """A valid 1x1 grey PNG, built deterministically."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00\x80", 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)

        # 1. warcinfo
        info = (
            "software: rashomon-examples build_warc.py (warcio)\r\n"
            "format: WARC File Format 1.0\r\n"
            "operator: rashomon demo corpus (fictional content)\r\n"
            "description: Demo crawl of fictional news pages for the rashomon examples\r\n"
            "robots: ignore\r\n"
        ).encode("utf-8")
        writer.write_record(
            writer.create_warc_record(
                "",
                "warcinfo",
                payload=BytesIO(info),
                warc_content_type="application/warc-fields",
                warc_headers_dict={
                    "WARC-Record-ID": rid(1),
                    "WARC-Date": "2024-03-12T09:14:00Z",
                    "WARC-Filename": "crawl.warc.gz",
                },
            )
        )

        # 2. request record for the first page
        first_url = HTML_PAGES[0][1]
        req_headers = StatusAndHeaders(
            "GET /business/2024/03/11/greek-ferry-operator-shares-slide HTTP/1.1",
            [
                ("Host", "meridiancourier.example"),
                ("User-Agent", "rashomon-demo-crawler/0.1 (+https://example.org/rashomon)"),
                ("Accept", "text/html,application/xhtml+xml"),
                ("Accept-Language", "en"),
            ],
            is_http_request=True,
        )
        writer.write_record(
            writer.create_warc_record(
                first_url,
                "request",
                payload=BytesIO(b""),
                http_headers=req_headers,
                warc_headers_dict={
                    "WARC-Record-ID": rid(2),
                    "WARC-Date": HTML_PAGES[0][3],
                    "WARC-Concurrent-To": rid(3),
                    "WARC-IP-Address": HTML_PAGES[0][5],
                },
            )
        )

        # 3-5. HTML responses
        for num, url, page, warc_date, http_date, ip in HTML_PAGES:
            body = (PAGES / page).read_bytes()
            http_headers = StatusAndHeaders(
                "200 OK",
                [
                    ("Date", http_date),
                    ("Server", "nginx"),
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    ("Cache-Control", "max-age=300"),
                ],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=BytesIO(body),
                    length=len(body),
                    http_headers=http_headers,
                    warc_headers_dict={
                        "WARC-Record-ID": rid(num),
                        "WARC-Date": warc_date,
                        "WARC-IP-Address": ip,
                    },
                )
            )

        # 6. non-HTML response: a tiny PNG logo
        png = tiny_png()
        png_headers = StatusAndHeaders(
            "200 OK",
            [
                ("Date", "Wed, 29 May 2024 06:02:42 GMT"),
                ("Server", "nginx"),
                ("Content-Type", "image/png"),
                ("Content-Length", str(len(png))),
            ],
            protocol="HTTP/1.1",
        )
        writer.write_record(
            writer.create_warc_record(
                "https://adriaticobserver.example/static/img/logo.png",
                "response",
                payload=BytesIO(png),
                length=len(png),
                http_headers=png_headers,
                warc_headers_dict={
                    "WARC-Record-ID": rid(6),
                    "WARC-Date": "2024-05-29T06:02:42Z",
                    "WARC-IP-Address": "192.0.2.20",
                },
            )
        )
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
