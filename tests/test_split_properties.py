"""Properties every split must have, whatever the text: ordered, disjoint spans that lose nothing."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from chunks import cut
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclust.split import Splitter, split_text

HEADLINES = [
    "Taliban phủ nhận liên lạc với Nga để đánh IS",
    "Nga mở rộng cuộc chiến chống IS sang Trung Á",
    "Markets fall as rate fears grow",
    "TRUMP SAYS MATTIS WILL RETIRE IN FEBRUARY",
    "Giá vàng hôm nay tăng mạnh",
    "Obama Mocks Congress For Vote",
]
PARAGRAPHS = [
    "Phiến quân Taliban đã phủ nhận việc cử đại diện đến gặp giới chức Nga để bàn về việc tiêu diệt IS.",
    "Markets fell sharply on Monday as fears of higher interest rates grew, traders said in New York.",
    "VOV.VN - Các quan chức Nga đang nỗ lực đối phó với mối đe dọa từ tổ chức khủng bố IS cả ở bên trong.",
    "MOSCOW (Reuters) - Russia said on Tuesday it would widen its campaign against Islamic State.",
    "(HNM) - Sáng nay, giá vàng trong nước tăng mạnh theo đà của thị trường thế giới.",
    "“Chúng tôi sẽ tiếp tục,” ông nói.",
    'He said: "We will not stop."',
]
NOISE = [
    "Theo_VOV",
    "Theo_An ninh thủ đô",
    "(Theo Tuổi Trẻ)",
    "Source: Reuters",
    "Nguồn: VnExpress",
    "Video đang HOT",
    "Tin liên quan:",
    "Related:",
    ">> Giá vàng hôm nay tăng mạnh",
    "Thu Hoài Tổng hợp",
    "By Jane Doe",
    "Các phiến quân Nhà nước Hồi giáo. (ảnh: IG)",
    "Advertisement",
]

words = st.text(
    alphabet=st.sampled_from(
        list("abcdeghiklmnopqrstuvxyABCDĐGHKLMNPQRSTVXYăâđêôơưáàảãạếềểễệốồổỗộ.,:;!?()-—\"“”' \t")
    ),
    min_size=0,
    max_size=60,
)
line = st.one_of(
    st.sampled_from(HEADLINES),
    st.sampled_from(PARAGRAPHS),
    st.sampled_from(NOISE),
    st.just(""),
    st.just("   "),
    words,
    st.builds(lambda name: f"Theo_{name}", words),
    st.builds(lambda name: f"Source: {name}", words),
    st.builds(lambda a, b: f"{a} {b}", st.sampled_from(HEADLINES), st.sampled_from(PARAGRAPHS)),
    st.builds(lambda p, n: p * n, st.sampled_from(PARAGRAPHS), st.integers(1, 4)),
    st.builds(
        lambda mark, h: mark + h,
        st.sampled_from(["Title: ", "# ", "## ", "Tiêu đề: "]),
        st.sampled_from(HEADLINES),
    ),
    st.builds(lambda h: f"**{h}**", st.sampled_from(HEADLINES)),
    st.sampled_from(["https://vnexpress.net/taliban-3333.html", "www.example.com/news/1"]),
)


@st.composite
def dumps(draw):
    lines = draw(st.lists(line, min_size=0, max_size=30))
    breaks = draw(
        st.lists(
            st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\r\n\r\n"]),
            min_size=len(lines),
            max_size=len(lines),
        )
    )
    text = "".join(a + b for a, b in zip(lines, breaks, strict=False))
    if draw(st.booleans()):
        text = text[:-1] if text else text  # sometimes no final newline, or a lone trailing "\r"
    form = draw(st.sampled_from(["NFC", "NFD", None]))
    return unicodedata.normalize(form, text) if form else text


def check_spans(text, stories):
    covered = [0] * len(text)
    previous_end = 0
    for story in stories:
        assert previous_end <= story.start < story.end <= len(text)
        previous_end = story.end
        assert story.parts, story
        # the headline comes first, or after the page's address ("https://...") or the marks of a
        # labelled one ("Title:", "## ")
        kinds = [part.kind for part in story.parts]
        assert kinds.count("headline") == 1
        assert set(kinds[: kinds.index("headline")]) <= {"boilerplate"}, kinds
        assert story.parts[0].start == story.start
        assert story.title == story.part_texts[kinds.index("headline")]
        part_end = story.start
        for part, part_text in zip(story.parts, story.part_texts, strict=True):
            assert part_end <= part.start < part.end <= story.end, (part, story)
            part_end = part.end
            assert text[part.start : part.end] == part_text
            for i in range(part.start, part.end):
                covered[i] += 1
        assert story.parts[-1].end == story.end
    for i, ch in enumerate(text):
        if not ch.isspace():
            assert covered[i] == 1, (i, ch, text[max(0, i - 20) : i + 20])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dumps())
def test_spans_are_ordered_disjoint_and_lose_nothing(text):
    stories = split_text(text)
    check_spans(text, stories)
    if text.strip():
        assert stories and stories[0].start == len(text) - len(text.lstrip())
    else:
        assert stories == []


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dumps(), st.lists(st.integers(1, 50), min_size=1, max_size=8))
def test_streaming_in_chunks_gives_the_same_stories(text, sizes):
    assert list(Splitter().iter_stories(cut(text, sizes))) == Splitter().split(text)


def test_ids_number_stories_from_one():
    text = "\n".join(f"{h}\n{p}\nTheo_VOV" for h, p in zip(HEADLINES, PARAGRAPHS, strict=False))
    stories = split_text(text, name="dump")
    assert [s.id for s in stories] == [f"dump#{n}" for n in range(1, len(stories) + 1)]


_DUMPS = sorted((Path(__file__).resolve().parents[2] / "shared" / "data").glob("*/dumps/*.txt"))


@pytest.mark.skipif(not _DUMPS, reason="needs the dev dumps in ../shared/data")
@pytest.mark.parametrize("path", _DUMPS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_dev_layout_keeps_spans_ordered_disjoint_and_covering_the_input(path):
    text = path.read_text(encoding="utf-8")
    check_spans(text, split_text(text))
