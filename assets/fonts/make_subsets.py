"""Regenerates the bundled CJK font subsets (run from this folder; needs fonttools and npm).

Source: Noto Sans JP / SC, weight 400, from npm @expo-google-fonts/noto-sans-{jp,sc}@0.4.3
(Google Fonts builds, SIL Open Font License 1.1: OFL.txt). Kept: ASCII, Latin-1 and
Latin Extended-A/B (de, fr), general punctuation, kana and CJK punctuation, full-width forms,
and every character of JIS X 0208 (Shift_JIS) and GB2312: the UI strings and nearly all
Japanese and Chinese object names. eframe's system-font fallback covers rarer characters.
"""
import subprocess, tarfile, glob

chars = set(map(chr, range(0x20, 0x250))) | set(map(chr, range(0x2000, 0x2070)))
chars |= set(map(chr, [0x20AC, 0x2122, 0x2190, 0x2191, 0x2192, 0x2193, 0x25B6, 0x25BC,
                       0x25CF, 0x25CB, 0x2713, 0x2715, 0x2026]))
chars |= set(map(chr, range(0x3000, 0x3100))) | set(map(chr, range(0xFF00, 0xFFF0)))
for enc in ("shift_jis", "gb2312"):
    for hi in range(0x81, 0xFF):
        for lo in range(0x40, 0xFF):
            try:
                ch = bytes([hi, lo]).decode(enc)
            except UnicodeDecodeError:
                continue
            if len(ch) == 1:
                chars.add(ch)
open("/tmp/common.txt", "w", encoding="utf-8").write("".join(sorted(chars)))

for lang in ("jp", "sc"):
    subprocess.run(["npm", "pack", f"@expo-google-fonts/noto-sans-{lang}@0.4.3"], check=True,
                   cwd="/tmp")
    tgz = glob.glob(f"/tmp/expo-google-fonts-noto-sans-{lang}-0.4.3.tgz")[0]
    name = f"NotoSans{lang.upper()}_400Regular.ttf"
    with tarfile.open(tgz) as t:
        t.extract(f"package/400Regular/{name}", "/tmp", filter="data")
    subprocess.run(["pyftsubset", f"/tmp/package/400Regular/{name}",
                    "--text-file=/tmp/common.txt", "--layout-features=*",
                    f"--output-file=NotoSans{lang.upper()}-common.ttf"], check=True)
