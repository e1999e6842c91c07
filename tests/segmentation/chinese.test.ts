import { splitSentences } from '../../src/segmentation';

const zh = (text: string): string[] => splitSentences(text, 'zh-Hans');

describe('splitSentences (zh): stops', () => {
  it('splits after 。！？ and ；', () => {
    expect(zh('那天晚上我没走掉。陈清扬把我拽住！你承不承认？我承认；她也承认。')).toEqual([
      '那天晚上我没走掉。',
      '陈清扬把我拽住！',
      '你承不承认？',
      '我承认；',
      '她也承认。',
    ]);
  });

  it('treats zh, zh-Hans and zh-Hant alike', () => {
    const text = '他說：「我們走吧。」她點了點頭。';
    const expected = ['他說：「我們走吧。」', '她點了點頭。'];
    expect(splitSentences(text, 'zh-Hant')).toEqual(expected);
    expect(splitSentences(text, 'zh-Hans')).toEqual(expected);
    expect(splitSentences(text, 'zh')).toEqual(expected);
  });

  it('keeps runs of stops together: ？！, ！？ and mixed full/half width', () => {
    expect(zh('这是真的吗？！真的！？他问：真的吗？!我说是的!?好。')).toEqual([
      '这是真的吗？！',
      '真的！？',
      '他问：真的吗？!',
      '我说是的!?',
      '好。',
    ]);
  });

  it('splits at half-width ! ? ; and . only between Han characters', () => {
    expect(zh('他说:好!走吧?行;我们用Node.js开发.然后发布了.')).toEqual([
      '他说:好!',
      '走吧?',
      '行;',
      '我们用Node.js开发.',
      '然后发布了.',
    ]);
    expect(zh('雅虎Yahoo!公司成立于1994年。')).toEqual(['雅虎Yahoo!公司成立于1994年。']);
  });

  it('splits at a full-width full stop but not in a full-width decimal', () => {
    expect(zh('投资５．１亿元．收益可观。')).toEqual(['投资５．１亿元．', '收益可观。']);
  });

  it('does not split a decimal point or an embedded Latin abbreviation', () => {
    expect(zh('江门今年投资5.1亿元，增长3.5%。这是U.S.的政策。美国Acme Inc.公司与江门签约。')).toEqual([
      '江门今年投资5.1亿元，增长3.5%。',
      '这是U.S.的政策。',
      '美国Acme Inc.公司与江门签约。',
    ]);
  });

  it('trims whitespace between sentences', () => {
    expect(zh('  江门全力聚焦大项目。  投资近300亿元。\n')).toEqual(['江门全力聚焦大项目。', '投资近300亿元。']);
  });
});

describe('splitSentences (zh): quotations and brackets', () => {
  it('keeps closing quotes and brackets with the sentence they end', () => {
    expect(zh('他说：“我们走吧。”她点了点头。（因为运动只能产生运动。）所以如此。《红楼梦》很长。')).toEqual([
      '他说：“我们走吧。”',
      '她点了点头。',
      '（因为运动只能产生运动。）',
      '所以如此。',
      '《红楼梦》很长。',
    ]);
  });

  it('never splits inside a quotation that continues', () => {
    expect(zh('小玄子摇手笑道：“今天不打了，明天再来。不过你不是我对手，再打也没用。”韦小宝不服。')).toEqual([
      '小玄子摇手笑道：“今天不打了，明天再来。不过你不是我对手，再打也没用。”',
      '韦小宝不服。',
    ]);
    expect(zh('她说：「他問：『你去嗎？』我沒回答。」然後走了。')).toEqual(['她说：「他問：『你去嗎？』我沒回答。」', '然後走了。']);
  });

  it('does not let an unclosed quotation swallow the rest of the paragraph', () => {
    expect(zh('他说：“你好。我走了。明天见。')).toEqual(['他说：“你好。', '我走了。', '明天见。']);
  });

  it('does not split at a quotation mark that only marks a word', () => {
    expect(zh('等我“快”了以后，阵阵震颤就像从地心传来。')).toEqual(['等我“快”了以后，阵阵震颤就像从地心传来。']);
  });
});

describe('splitSentences (zh): ellipses', () => {
  it('keeps …… together and continues the sentence after it', () => {
    expect(zh('我想……算了。我叫…… 叫小玄子。')).toEqual(['我想……算了。', '我叫…… 叫小玄子。']);
  });

  it('ends a sentence after …… when a quotation closes or a new one opens', () => {
    expect(zh('他犹豫了……“好吧。”韦小宝道：“不过…… 不过……”海老公道：“不过怎么？”')).toEqual([
      '他犹豫了……',
      '“好吧。”',
      '韦小宝道：“不过…… 不过……”',
      '海老公道：“不过怎么？”',
    ]);
  });

  it('joins an ellipsis with a following stop', () => {
    expect(zh('这可真是……。传奇啊！他说⋯⋯')).toEqual(['这可真是……。', '传奇啊！', '他说⋯⋯']);
  });
});

describe('splitSentences (zh): text without Han', () => {
  it('splits an English paragraph in a Chinese document with the English rules', () => {
    expect(splitSentences('Dr. Smith came to the U.S. Army base. He left.', 'zh-Hans')).toEqual([
      'Dr. Smith came to the U.S. Army base.',
      'He left.',
    ]);
  });
});
