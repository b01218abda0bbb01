"""A small corpus with known threads, in English and Vietnamese, shared by the cluster tests."""

from __future__ import annotations

# (id, thread, title, text, source, time)
CORPUS = [
    (
        "en/taliban-1",
        "taliban",
        "Taliban deny contact with Russia over Islamic State",
        "The Taliban on Sunday denied sending envoys to Moscow to discuss a joint fight "
        "against Islamic State "
        "in Afghanistan.\nA Taliban spokesman said the movement keeps contacts with regional "
        "countries to end "
        "the presence of American troops, but had not asked anyone for help against Islamic State fighters.",
        "Reuters",
        "2015-12-27",
    ),
    (
        "en/taliban-2",
        "taliban",
        "Russia says it shares intelligence with the Taliban to fight Islamic State",
        "Moscow has opened channels to the Taliban to share intelligence on Islamic State in Afghanistan, a "
        "Russian envoy said on Wednesday.\nZamir Kabulov said the interests of the Taliban and "
        "Russia coincide "
        "in the fight against Islamic State fighters in Afghanistan.",
        "AP",
        "2015-12-23",
    ),
    (
        "en/taliban-3",
        "taliban",
        "Kremlin envoy: Taliban interests coincide with Russia against Islamic State",
        "Russia's special envoy Zamir Kabulov said the Taliban and Moscow share an interest in fighting "
        "Islamic State in Afghanistan.\nThe Taliban later denied any talks with Russia about Islamic State.",
        "AFP",
        "2015-12-24",
    ),
    (
        "en/euro-1",
        "euro",
        "Wales beat Russia 3-0 to top Euro 2016 group",
        "Gareth Bale scored as Wales beat Russia 3-0 in Toulouse on Monday to finish top of Group B at "
        "Euro 2016.\nJoe Allen and Aaron Ramsey ran the midfield and Neil Taylor scored his first goal for "
        "his country as Chris Coleman's side reached the last 16.",
        "BBC",
        "2016-06-20",
    ),
    (
        "en/euro-2",
        "euro",
        "Bale and Ramsey inspire Wales to rout Russia in Toulouse",
        "Wales topped Group B at Euro 2016 after Aaron Ramsey, Neil Taylor and Gareth Bale "
        "scored in a 3-0 win "
        "over Russia in Toulouse.\nChris Coleman said his players had made history for Wales.",
        "Guardian",
        "2016-06-21",
    ),
    (
        "en/quake-1",
        "quake",
        "Magnitude 7.8 earthquake strikes Nepal, hundreds killed",
        "A magnitude 7.8 earthquake struck Nepal on Saturday, killing hundreds of people and toppling "
        "buildings in Kathmandu.\nThe quake's epicentre was 80 km northwest of Kathmandu, the US Geological "
        "Survey said; avalanches swept Everest base camp.",
        "Reuters",
        "2015-04-25",
    ),
    (
        "en/quake-2",
        "quake",
        "Nepal earthquake death toll passes 1,000 as rescuers dig through Kathmandu",
        "Rescuers dug through rubble in Kathmandu on Saturday night after a magnitude 7.8 earthquake struck "
        "Nepal.\nPolice said more than 1,000 people were killed, and an avalanche hit Everest base camp.",
        "AP",
        "2015-04-25",
    ),
    (
        "vi/bao-1",
        "bao",
        "Bão Haiyan đổ bộ miền Trung Philippines, hàng trăm người thiệt mạng",
        "Siêu bão Haiyan đã đổ bộ vào miền Trung Philippines sáng 8-11 với sức gió hơn 300 km/giờ.\n"
        "Chính quyền Philippines cho biết hàng trăm người thiệt mạng tại thành phố Tacloban, "
        "nhiều nhà cửa bị "
        "san phẳng.",
        "Tuổi Trẻ",
        "08/11/2013 10:00",
    ),
    (
        "vi/bao-2",
        "bao",
        "Siêu bão Haiyan tàn phá Tacloban, Philippines",
        "Thành phố Tacloban của Philippines gần như bị san phẳng sau khi siêu bão Haiyan đổ bộ.\n"
        "Lực lượng cứu hộ Philippines đang tìm kiếm người mất tích, số người thiệt mạng có thể lên tới hàng "
        "nghìn.",
        "VnExpress",
        "09/11/2013 08:30",
    ),
    (
        "vi/bao-3",
        "bao",
        "Philippines: siêu bão Haiyan làm hàng nghìn người thiệt mạng",
        "Theo giới chức Philippines, siêu bão Haiyan có thể đã làm hàng nghìn người thiệt mạng tại "
        "Tacloban.\nNhiều khu vực ở miền Trung Philippines vẫn bị cô lập sau khi bão đổ bộ.",
        "Thanh Niên",
        "09/11/2013 15:00",
    ),
    (
        "vi/gia-1",
        "gia",
        "Giá xăng giảm 300 đồng mỗi lít từ chiều nay",
        "Liên Bộ Công Thương - Tài chính quyết định giảm giá xăng RON 92 thêm 300 đồng mỗi lít từ 15 giờ "
        "chiều nay.\nĐây là lần giảm giá xăng thứ ba liên tiếp, giá dầu diesel giữ nguyên.",
        "VnExpress",
        "2014-10-21",
    ),
    (
        "vi/gia-2",
        "gia",
        "Xăng RON 92 giảm giá lần thứ ba liên tiếp",
        "Từ 15 giờ chiều nay, giá xăng RON 92 giảm 300 đồng mỗi lít theo quyết định của Liên Bộ Công Thương "
        "- Tài chính.\nGiá dầu diesel không thay đổi.",
        "Dân Trí",
        "2014-10-21",
    ),
]

THREADS = {}
for _id, _thread, *_ in CORPUS:
    THREADS.setdefault(_thread, set()).add(_id)


def records(corpus=CORPUS):
    """The corpus as the JSON records ``newsclust split`` prints (id, title, text, source, time)."""
    return [{"id": i, "title": t, "text": x, "source": s, "time": d} for i, _, t, x, s, d in corpus]


def write_folder(folder, corpus=CORPUS):
    """One .txt file per article, headline first; ids become paths like ``en/taliban-1``."""
    for article_id, _, title, text, _, _ in corpus:
        path = folder / f"{article_id}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{title}\n{text}\n", encoding="utf-8")
    return folder


def thread_sets(threads):
    """The output's threads as a set of frozensets of article ids."""
    return {frozenset(a["id"] for a in t["articles"]) for t in threads}
