"""A permit number is the service's prefix and eight letters that cannot be misread (no 0/O,
no 1/I), drawn evenly: every letter turns up in every position."""

import re
from collections import Counter

from permits.models import PermitService
from permits.services import NUMBER_ALPHABET, permit_number


def test_a_permit_number_is_the_prefix_and_eight_unambiguous_letters():
    number = permit_number(PermitService(code="rawdah_women"))

    assert re.fullmatch(r"RW-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}", number)
    assert permit_number(PermitService(code="unknown")).startswith("PM-")


def test_every_letter_turns_up_in_every_position_about_as_often():
    numbers = [permit_number(PermitService(code="umrah"))[3:] for _ in range(6400)]

    for position in range(8):
        counts = Counter(number[position] for number in numbers)
        assert set(counts) == set(NUMBER_ALPHABET)
        # 200 expected per letter; a letter twice as likely as another would show.
        assert 120 < min(counts.values()) and max(counts.values()) < 290
