"""A real RFB client against the demo server's console tunnel: vncdotool (PyPI) connects to
the test's TCP relay (which sends xapi's CONNECT), types text, and captures the screen.

Usage: vnc_peer.py PORT OUT.png TEXT
Writes OUT.png (vncdotool's capture) and OUT.png.rgb (its raw RGB pixels), and prints
{"width": W, "height": H} as JSON.
"""
import json
import sys

from vncdotool import api


def main():
    port, out, text = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    client = api.connect(f"127.0.0.1::{port}", timeout=30)
    try:
        for ch in text:
            client.keyPress(ch)
        client.captureScreen(out)
    finally:
        client.disconnect()
        api.shutdown()
    from PIL import Image

    img = Image.open(out).convert("RGB")
    with open(out + ".rgb", "wb") as f:
        f.write(img.tobytes())
    print(json.dumps({"width": img.width, "height": img.height}))


if __name__ == "__main__":
    main()
