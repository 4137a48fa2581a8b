"""Sphinx 검색 색인의 한국어 처리: 낱말 끝의 조사를 떼어 색인합니다(``app.add_search_language``).

Sphinx에는 한국어 검색 언어가 없어 ``language = "ko"`` 이면 영어 규칙으로 띄어쓰기 단위의 낱말을 색인합니다.
그러면 ``풀링은``, ``풀링을`` 이 ``풀링`` 과 다른 낱말이 되어 "풀링"으로 검색해도 그 문장들을 찾지 못합니다
(Sphinx의 부분 일치는 세 글자 이상이고 정확히 같은 낱말이 없을 때만 씀). 이 모듈은 흔한 조사·어미를 떼는 작은 규칙을
파이썬(색인)과 자바스크립트(검색어)에 똑같이 넣습니다. 형태소 분석기는 아니므로 가끔 더 떼거나 덜 떼지만, 색인과 검색어에
같은 규칙을 쓰므로 검색 결과는 일관됩니다.
"""

from __future__ import annotations

import json
import re

from sphinx.search import SearchLanguage

# 긴 것부터 맞춰 봅니다. 떼고 남은 부분이 두 글자 이상일 때만 뗍니다("차이"의 "이"는 떼지 않음).
PARTICLES = sorted(
    [
        "에서는",
        "으로는",
        "으로서",
        "으로써",
        "에게서",
        "이라는",
        "이라고",
        "입니다",
        "합니다",
        "됩니다",
        "에서",
        "에게",
        "까지",
        "부터",
        "보다",
        "처럼",
        "마다",
        "으로",
        "라는",
        "이나",
        "이며",
        "이고",
        "이다",
        "하는",
        "하고",
        "하여",
        "해서",
        "와",
        "과",
        "은",
        "는",
        "이",
        "가",
        "을",
        "를",
        "의",
        "에",
        "로",
        "도",
        "만",
    ],
    key=len,
    reverse=True,
)
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def strip_particle(word: str) -> str:
    """낱말 끝의 조사 하나를 떼고 소문자로: ``"풀링은"`` → ``"풀링"``, ``"Conv2D를"`` → ``"conv2d"``."""
    word = word.lower()
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return word


class SearchKorean(SearchLanguage):
    lang = "ko"
    language_name = "Korean"
    js_stemmer_code = """
/**
 * 한국어: 낱말 끝의 조사를 뗍니다(site/korean_search.py 와 같은 규칙).
 */
var Stemmer = function () {
  const particles = %s;
  this.stemWord = function (word) {
    word = word.toLowerCase();
    for (const particle of particles) {
      if (word.endsWith(particle) && word.length - particle.length >= 2) {
        return word.slice(0, word.length - particle.length);
      }
    }
    return word;
  };
};
""" % json.dumps(PARTICLES, ensure_ascii=False)  # noqa: UP031 (JavaScript의 중괄호와 섞이지 않게 %s를 씀)

    def stem(self, word: str) -> str:
        return strip_particle(word)


def setup(app):
    app.add_search_language(SearchKorean)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
