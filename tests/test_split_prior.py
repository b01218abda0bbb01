"""A file's own odds of a headline run into its lede right after a plain paragraph (split.prior)."""

from __future__ import annotations

import pytest

from newsclust.split import Splitter, iter_unwrapped_lines
from newsclust.split.prior import MAX_SHIFT, SAMPLE_CHARS, prior_shift
from newsclust.split.weights import OPENING_PRIOR

# Twelve stories as a scraper that pastes each page's headline onto its lede writes them: no
# attribution, byline or blank line between the last paragraph of one story and the next headline.
STORIES = [
    (
        "Flood waters cut off villages in northern valley",
        "Heavy rain over the weekend pushed the river over its banks and cut road access to six "
        "villages, regional officials said on Monday.",
        "Rescue teams used boats to reach about 300 residents, and helicopters dropped food and "
        "drinking water to farms on higher ground.",
        "Forecasters expect the water to recede slowly, as more rain is due in the hills by Thursday.",
    ),
    (
        "Central bank holds interest rates for a third month",
        "The central bank left its benchmark rate unchanged at 4.5 percent on Wednesday, saying "
        "inflation was easing more slowly than it had hoped.",
        "Its governor told reporters that wages and rents were still rising fast, and that a cut this "
        "year could not be promised.",
        "Bond yields fell slightly after the decision, while the currency held steady against the dollar.",
    ),
    (
        "Striker's late goal sends club into cup final",
        "A header in the 89th minute gave the visitors a 2-1 win on Saturday and their first cup "
        "final in eleven years.",
        "The home side had led from the first half, when their captain scored from the penalty spot "
        "after a handball.",
        "The final will be played next month at the national stadium, and tickets go on sale on Friday.",
    ),
    (
        "Hospital opens new cancer treatment wing",
        "The city hospital opened a cancer wing with two radiotherapy machines on Tuesday, cutting "
        "waiting times for patients from across the province.",
        "Doctors said patients had until now travelled up to four hours for treatment, often several "
        "times a week.",
        "The wing cost 40 million and was paid for by the health ministry and private donors.",
    ),
    (
        "Police arrest three over jewellery shop robbery",
        "Three men were arrested on Thursday in connection with the armed robbery of a jewellery shop "
        "in the old town last week.",
        "Investigators traced the suspects through a stolen car found abandoned near the motorway, a "
        "police spokeswoman said.",
        "Most of the stolen watches and rings have been recovered, she added.",
    ),
    (
        "Farmers protest against falling milk prices",
        "Hundreds of dairy farmers drove tractors into the capital on Friday to demand help as milk "
        "prices dropped to their lowest level in a decade.",
        "They blocked the main avenue outside the agriculture ministry for several hours, spilling "
        "milk on the road.",
        "The minister agreed to meet their union leaders next week to discuss emergency support.",
    ),
    (
        "New metro line to open ahead of schedule",
        "The city's second metro line will open in September, four months earlier than planned, the "
        "transport authority announced on Sunday.",
        "The 12-kilometre line links the airport with the business district and has nine stations.",
        "Trial runs without passengers have been running every day since the spring.",
    ),
    (
        "Wildfire forces evacuation of coastal resort",
        "Firefighters battled a wildfire that forced thousands of tourists to leave hotels in a "
        "coastal resort overnight.",
        "Strong winds carried the flames down the hillside towards the beach, where ferries stood by "
        "to take people off.",
        "No injuries were reported, but several holiday homes were destroyed, the fire service said.",
    ),
    (
        "Tech company cuts 2,000 jobs after weak sales",
        "The smartphone maker said on Monday it would cut 2,000 jobs, or about 8 percent of its "
        "workforce, after a second year of falling sales.",
        "Most of the cuts will fall in marketing and in its retail stores, the company said in a "
        "statement.",
        "Its shares rose 3 percent in early trading as investors welcomed the savings.",
    ),
    (
        "Museum returns looted statues to their country of origin",
        "A national museum handed back four bronze statues on Wednesday that were taken during a "
        "colonial expedition more than a century ago.",
        "Researchers spent three years tracing how the statues reached the museum's collection.",
        "The statues will go on display in a new gallery in their home city next year.",
    ),
    (
        "Teachers vote to end two-week strike",
        "Secondary school teachers voted on Thursday to accept a new pay offer, ending a strike that "
        "closed hundreds of schools.",
        "The deal raises salaries by 6 percent this year and by a further 4 percent next year.",
        "Classes will resume on Monday, and exams planned for the strike weeks will be rescheduled.",
    ),
    (
        "Drought threatens this year's coffee harvest",
        "A long dry season has withered coffee plants across the highlands, and growers expect the "
        "harvest to fall by a third.",
        "Exporters warned that world prices could rise as stocks in warehouses run low.",
        "The government has promised cheap loans to help farmers replant damaged fields.",
    ),
]


def _glued_dump() -> tuple[str, list[int]]:
    lines, starts, position = [], [], 0
    for headline, lede, *body in STORIES:
        starts.append(position)
        for line in (f"{headline} {lede}", *body):
            lines.append(line)
            position += len(line) + 1
    return "\n".join(lines) + "\n", starts


def _lines(text: str) -> list:
    return list(iter_unwrapped_lines([text]))


def _sample(text: str) -> list:
    """The lines the splitter reads a file's odds from: up to the one that reaches SAMPLE_CHARS."""
    lines = []
    for line in iter_unwrapped_lines([text]):
        lines.append(line)
        if line.end >= SAMPLE_CHARS:
            break
    return lines


def _standalone_dump() -> str:
    return "".join(
        f"{headline}\n{lede}\n" + "".join(f"{p}\n" for p in body) + "Source: Reuters\n"
        for headline, lede, *body in STORIES
    )


def test_no_lines_no_shift():
    assert prior_shift([], 0.02) == 0.0
    assert prior_shift([1.0, 2.0], 0.0) == 0.0


def test_shift_follows_the_files_scores():
    assert prior_shift([-9.0] * 500, 0.02) < 0
    assert 0 < prior_shift([-1.0] * 500, 0.02) <= MAX_SHIFT
    assert prior_shift([5.0] * 500, 0.02) == MAX_SHIFT


def test_a_short_file_moves_the_odds_less():
    few, many = prior_shift([-1.0] * 20, 0.02), prior_shift([-1.0] * 500, 0.02)
    assert 0 < few < many


def test_every_headline_glued_after_a_paragraph_is_found():
    text, starts = _glued_dump()
    stories = Splitter().split(text)
    assert [s.start for s in stories] == starts
    assert [s.title for s in stories] == [headline for headline, *_ in STORIES]


def test_a_file_of_glued_headlines_raises_their_odds():
    text, _ = _glued_dump()
    splitter = Splitter()
    assert prior_shift(splitter._after_paragraph_scores(_lines(text)), OPENING_PRIOR) > 1.0
    # headlines on their own lines, each story signed: no line after a paragraph opens a story
    standalone = _standalone_dump()
    assert prior_shift(splitter._after_paragraph_scores(_lines(standalone)), OPENING_PRIOR) <= 0.0
    assert len(splitter.split(standalone)) == len(STORIES)


def test_weights_given_without_the_prior_keep_the_fitted_odds():
    text, _ = _glued_dump()
    assert Splitter(weights={"opening_prior": None})._opening_prior() is None
    assert Splitter(weights={"opening": {}})._opening_prior() is None
    assert Splitter()._opening_prior() == OPENING_PRIOR
    assert len(Splitter(weights={"opening_prior": None}).split(text)) <= len(STORIES)


@pytest.mark.parametrize("copies", [1, SAMPLE_CHARS // len(_glued_dump()[0]) + 3])
def test_the_openings_weighed_for_the_odds_are_those_the_split_finds(copies):
    """The openings the sample's scan weighed, reused while splitting, give the stories that
    weighing every line again at the file's odds gives (a file longer than the sample included:
    its last lines are weighed again with what follows them)."""
    text = _glued_dump()[0] * copies
    splitter = Splitter()
    shift = prior_shift(splitter._after_paragraph_scores(_sample(text), whole=False), OPENING_PRIOR)
    assert shift > 0
    chunks = [text[i : i + 65536] for i in range(0, len(text), 65536)]
    reused = [(s.start, s.end, s.title) for s in splitter.iter_stories(chunks)]
    again = [(s.start, s.end, s.title) for s in splitter._shifted(shift, {}).split(text)]
    assert reused == again
    assert len(reused) == len(STORIES) * copies
