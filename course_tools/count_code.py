"""파이썬 파일의 실행 코드 줄 수(독스트링·주석·빈 줄 제외)를 셉니다.

코드 검토(``../shared/reviews/code_review.md`` 6.1절)가 ``course_utils`` 의 크기를 잰 방법과 같습니다: 주석·줄 바꿈
말고 토큰이 있는 물리적 줄을 세고(여러 줄 문자열은 걸친 줄 모두), 모듈·클래스·함수의 독스트링 줄은 뺍니다.
``tests/test_policies.py`` 가 ``course_utils`` 의 예산을 이것으로 확인합니다.

    python -m course_tools.count_code course_utils      # 모듈별 줄 수와 합계
"""

from __future__ import annotations

import argparse
import ast
import io
import tokenize
from pathlib import Path

_NOT_CODE = {
    tokenize.COMMENT,
    tokenize.NL,
    tokenize.NEWLINE,
    tokenize.INDENT,
    tokenize.DEDENT,
    tokenize.ENDMARKER,
    tokenize.ENCODING,
}


def docstring_lines(tree: ast.AST) -> set[int]:
    """모듈·클래스·함수 독스트링이 차지하는 줄 번호(1부터)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                lines.update(range(first.lineno, first.end_lineno + 1))
    return lines


def code_lines(source: str) -> int:
    """``source`` 에서 코드 토큰이 있는 물리적 줄 수(독스트링 줄 제외)."""
    lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in _NOT_CODE:
            lines.update(range(token.start[0], token.end[0] + 1))
    return len(lines - docstring_lines(ast.parse(source)))


def count_tree(root: Path) -> dict[str, int]:
    """``root`` 아래 모든 ``.py`` 파일의 코드 줄 수(``root`` 기준 상대 경로 → 줄 수)."""
    return {
        path.relative_to(root).as_posix(): code_lines(path.read_text(encoding="utf-8"))
        for path in sorted(root.rglob("*.py"))
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path, help="셀 패키지 폴더(예: course_utils)")
    args = parser.parse_args(argv)
    for folder in args.folders:
        counts = count_tree(folder)
        for name, count in sorted(counts.items(), key=lambda item: -item[1]):
            print(f"{count:6d}  {folder.name}/{name}")
        print(f"{sum(counts.values()):6d}  {folder.name} 합계")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
