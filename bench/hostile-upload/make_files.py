"""Writes the hostile census files for bench/hostile-upload/run.sh.

Each file is about SIZE megabytes and is built to make a naive reader hold it in memory:
  one-huge-value.xml     one LAchildID value as long as the file
  many-elements.xml      one child holding millions of empty elements
  tiny-children.xml      millions of empty children, each breaking several rules
  unique-children.xml    millions of children with distinct LAchildIDs and UPNs (duplicate checks)
  comment.xml            one comment as long as the file, full of '>'
  binary.bin             random bytes
"""
import os
import sys

out, mb = sys.argv[1], int(sys.argv[2])
target = mb * 1024 * 1024
HEAD = (b'<?xml version="1.0"?><Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year>'
        b'<ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel><LEA>990</LEA>'
        b'<SoftwareCode>x</SoftwareCode><Release>1</Release><SerialNo>1</SerialNo><DateTime>2025-04-01T00:00:00</DateTime>'
        b'</Source></Header><Children>')
TAIL = b'</Children></Message>'


def write(name, prefix, chunks, suffix=TAIL):
    path = os.path.join(out, name)
    if os.path.exists(path) and os.path.getsize(path) >= target:
        return
    with open(path, 'wb') as f:
        f.write(HEAD + prefix)
        written = len(HEAD) + len(prefix)
        for chunk in chunks:
            f.write(chunk)
            written += len(chunk)
            if written >= target:
                break
        f.write(suffix)


def repeat(unit):
    block = unit * max(1, (1 << 20) // len(unit))
    while True:
        yield block


def unique_children():
    n = 0
    while True:
        parts = []
        for _ in range(10000):
            n += 1
            parts.append(b'<Child><ChildIdentifiers><LAchildID>C%012d</LAchildID><UPN>A%012d</UPN></ChildIdentifiers></Child>' % (n, n))
        yield b''.join(parts)


write('one-huge-value.xml', b'<Child><ChildIdentifiers><LAchildID>', repeat(b'A'), b'</LAchildID></ChildIdentifiers></Child>' + TAIL)
write('many-elements.xml', b'<Child>', repeat(b'<X/>'), b'</Child>' + TAIL)
write('tiny-children.xml', b'', repeat(b'<Child></Child>'))
write('unique-children.xml', b'', unique_children())
write('comment.xml', b'<!--', repeat(b'> '), b'-->' + TAIL)
path = os.path.join(out, 'binary.bin')
if not (os.path.exists(path) and os.path.getsize(path) >= target):
    with open(path, 'wb') as f:
        for _ in range(mb):
            f.write(os.urandom(1 << 20))
