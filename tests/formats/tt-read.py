#!/usr/bin/python3
"""Reads a file with Translate Toolkit's storage classes and prints what it read as JSON.

Used by tests/formats/real-tools.test.ts: Debian's translate-toolkit is the outside reader of
the fixtures (tests/fixtures/formats) and of Bitext's exports. Usage:

    tt-read.py tmx|xliff|tbx|csv|po|xliff2 FILE

Each unit is printed with its languages: `{lang, text, plain}` where `text` is what Translate
Toolkit gives for the language node and `plain` is that node's text without the content of
inline codes (bpt, ept, ph, it, ut, x, bx, ex, sc, ec), whitespace collapsed, so that it can be
compared with Bitext's text without its code tokens. For TBX, `terms` lists every term of the
concept (Translate Toolkit's `source`/`target` give only the first of each language).

Translate Toolkit 3.8 has no XLIFF 2.0 reader (its xlifffile finds no <trans-unit> there), so
`xliff2` reads XLIFF 2.0 segments with lxml (Translate Toolkit's own XML library) by the OASIS
schema: one unit a <segment>, the languages of <xliff srcLang/trgLang>.
"""
import json
import re
import sys

from lxml import etree
from translate.storage import csvl10n, pypo, tbx, tmx, xliff

CLASSES = {'tmx': tmx.tmxfile, 'xliff': xliff.xlifffile, 'tbx': tbx.tbxfile, 'csv': csvl10n.csvfile, 'po': pypo.pofile}
XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
CODES = {'bpt', 'ept', 'ph', 'it', 'ut', 'x', 'bx', 'ex', 'sc', 'ec', 'sm', 'em'}


def local(tag):
    return tag.rsplit('}', 1)[-1] if isinstance(tag, str) else ''


def plain(node):
    """The text of a node without the content of its inline codes, whitespace collapsed."""
    def walk(n):
        out = n.text or ''
        for child in n:
            name = local(child.tag)
            if name == 'cp' and child.get('hex'):
                out += chr(int(child.get('hex'), 16))
            elif name not in CODES and isinstance(child.tag, str):
                out += walk(child)
            out += child.tail or ''
        return out
    return re.sub(r'\s+', ' ', walk(node)).strip()


def language_of(element, kind):
    """The language of a language node: its own xml:lang, else (XLIFF 1.2) the <file>'s."""
    lang = element.get(XML_LANG) or element.get('lang')
    if lang or kind != 'xliff':
        return lang
    name = local(element.tag)
    for ancestor in element.iterancestors():
        if local(ancestor.tag) == 'file':
            return ancestor.get('source-language' if name == 'source' else 'target-language')
    return None


def lisa_languages(unit, kind):
    """Every language node of a LISA unit (TMX tuv, XLIFF source/target, TBX langSet) with its text."""
    out = []
    for node in unit.getlanguageNodes():
        if kind == 'tmx':
            seg = next(node.iterdescendants(unit.namespaced('seg')), None)
            text_node = seg
        elif kind == 'tbx':
            text_node = next(node.iterdescendants(unit.namespaced('term')), None)
        else:
            text_node = node
        out.append({
            'lang': language_of(node, kind),
            'text': unit.getNodeText(node),
            'plain': plain(text_node) if text_node is not None else '',
        })
    return out


def tbx_terms(unit):
    terms = []
    for lang_set in unit.getlanguageNodes():
        for term in lang_set.iterdescendants(unit.namespaced('term')):
            terms.append({'lang': lang_set.get(XML_LANG) or lang_set.get('lang'), 'text': plain(term)})
    return terms


DATA_CATEGORIES = {'descrip', 'termNote', 'admin', 'transac', 'transacNote', 'ref', 'xref', 'date', 'note', 'adminNote', 'descripNote'}


def tbx_categories(unit):
    """Every data category of a concept as `where|element|type|value` (where: concept, the
    language, or language:term), from the tree Translate Toolkit parsed."""
    out = []
    for node in unit.xmlelement.iter():
        name = local(node.tag)
        if name not in DATA_CATEGORIES:
            continue
        where = 'concept'
        for ancestor in node.iterancestors():
            aname = local(ancestor.tag)
            if aname in ('tig', 'ntig', 'termSec', 'termGrp'):
                term = next(ancestor.iterdescendants(unit.namespaced('term')), None)
                lang_set = next(a for a in ancestor.iterancestors() if local(a.tag) in ('langSet', 'langSec'))
                where = f"{lang_set.get(XML_LANG)}:{plain(term) if term is not None else ''}"
                break
            if aname in ('langSet', 'langSec'):
                where = ancestor.get(XML_LANG)
                break
        out.append('|'.join([where, name, node.get('type') or '', node.get('target') or '', plain(node)]))
    return sorted(out)


def read_lisa(kind, data):
    store = CLASSES[kind].parsestring(data)
    units = [u for u in store.units if not (kind == 'po' and u.isheader())]
    out = []
    for u in units:
        entry = {
            'source': str(u.source) if u.source is not None else None,
            'target': str(u.target) if u.target is not None else None,
            'notes': u.getnotes() if hasattr(u, 'getnotes') else '',
        }
        if kind in ('tmx', 'xliff', 'tbx'):
            entry['languages'] = lisa_languages(u, kind)
        if kind == 'tbx':
            entry['terms'] = tbx_terms(u)
            entry['id'] = u.xmlelement.get('id')
            entry['categories'] = tbx_categories(u)
        if kind == 'xliff':
            entry['state'] = u.xmlelement.find(u.namespaced('target')).get('state') if u.xmlelement.find(u.namespaced('target')) is not None else None
        if kind == 'csv':
            entry['location'] = getattr(u, 'location', '')
        out.append(entry)
    return {
        'reader': f'translate-toolkit {CLASSES[kind].__module__}.{CLASSES[kind].__name__}',
        'sourcelanguage': getattr(store, 'sourcelanguage', None),
        'targetlanguage': getattr(store, 'targetlanguage', None),
        'units': out,
    }


def read_xliff2(data):
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    src, trg = root.get('srcLang'), root.get('trgLang')
    units = []
    for segment in root.iter('{*}segment'):
        languages = []
        for name, lang in (('source', src), ('target', trg)):
            node = segment.find('{*}' + name)
            if node is not None:
                languages.append({'lang': node.get(XML_LANG) or lang, 'text': plain(node), 'plain': plain(node)})
        units.append({'source': languages[0]['text'], 'target': languages[1]['text'] if len(languages) > 1 else None,
                      'state': segment.get('state'), 'languages': languages})
    return {'reader': 'lxml (XLIFF 2.0: Translate Toolkit 3.8 has no reader)', 'sourcelanguage': src, 'targetlanguage': trg, 'units': units}


def main():
    kind, path = sys.argv[1], sys.argv[2]
    with open(path, 'rb') as handle:
        data = handle.read()
    result = read_xliff2(data) if kind == 'xliff2' else read_lisa(kind, data)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == '__main__':
    main()
