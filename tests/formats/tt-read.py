#!/usr/bin/python3
"""Reads a file with Translate Toolkit's storage classes and prints what it read as JSON.

Used by tests/formats/real-tools.test.ts: Debian's translate-toolkit is the outside reader of
Bitext's exports. Usage: tt-read.py tmx|xliff|tbx|csv|po FILE
"""
import json
import sys

from translate.storage import csvl10n, factory, pypo, tbx, tmx, xliff

CLASSES = {'tmx': tmx.tmxfile, 'xliff': xliff.xlifffile, 'tbx': tbx.tbxfile, 'csv': csvl10n.csvfile, 'po': pypo.pofile}


def languages(unit):
    """Every language node of a LISA unit (TMX tuv, TBX langSet) with its text."""
    if not hasattr(unit, 'getlanguageNodes'):
        return []
    out = []
    for node in unit.getlanguageNodes():
        lang = node.get('{http://www.w3.org/XML/1998/namespace}lang') or node.get('lang')
        out.append({'lang': lang, 'text': unit.getNodeText(node)})
    return out


def main():
    kind, path = sys.argv[1], sys.argv[2]
    with open(path, 'rb') as handle:
        store = CLASSES[kind].parsestring(handle.read())
    units = [u for u in store.units if not (kind == 'po' and u.isheader())]
    print(json.dumps({
        'sourcelanguage': getattr(store, 'sourcelanguage', None),
        'targetlanguage': getattr(store, 'targetlanguage', None),
        'units': [{
            'source': u.source,
            'target': u.target,
            'languages': languages(u),
            'notes': u.getnotes() if hasattr(u, 'getnotes') else '',
        } for u in units],
    }, ensure_ascii=False))


if __name__ == '__main__':
    del factory
    main()
