"""Reading speaker phrases and resolving them: tables of (phrase, expected reading)."""
import pytest

from quotes_api.extract.speakers import Discourse, parse_phrase

PHRASES = [
    ("he", None, ("pronoun", None, None)),
    ("national guardsman Sgt. Jorge Torres", None, ("name", "Jorge Torres", "national guardsman Sgt.")),
    ("White House national security adviser John Bolton", None, ("name", "John Bolton", "White House national security adviser")),
    ("U.S. Secretary of State Mike Pompeo", None, ("name", "Mike Pompeo", None)),
    ("a woman soldier", "who defected", ("anonymous", None, None)),
    ("a 12-year veteran identified as Daniel", None, ("name", "Daniel", None)),
    ("A 23-year-old guardsman", "identified as Ricardo", ("name", "Ricardo", None)),
    ("the government", None, ("org", "the government", None)),
    ("The admiral", None, ("role", None, "admiral")),
    ("Officials in Caracas", None, ("anonymous", None, None)),
]


@pytest.mark.parametrize("head, appositive, expected", PHRASES)
def test_parse_phrase(head, appositive, expected):
    ref = parse_phrase(head, appositive)
    if expected is None:
        assert ref is None or ref.name is None
        return
    kind, name, role = expected
    assert ref.kind == kind
    assert ref.name == name
    if role is not None:
        assert ref.role == role


def test_two_people_sharing_a_surname_resolve_by_description():
    d = Discourse()
    isaac = d.person("Isaac Gonzalez", role="Sgt.", description="a member of Venezuela's navy", pos=10)
    d.mention(isaac, 10, True)
    javier = d.person("Javier Gonzalez", role="Guardsman Sgt.", description="an eight-year veteran", pos=20)
    d.mention(javier, 20, True)
    d.mention(isaac, 30, True)
    assert d.by_surname("gonzalez", None, 40) is isaac  # the most recent
    assert d.by_surname("gonzalez", "the eight-year veteran guardsman", 40) is javier  # by description


def test_pronoun_takes_the_latest_subject_not_an_object():
    d = Discourse()
    faller = d.person("Craig Faller", pos=0)
    maduro = d.person("Nicolas Maduro", pos=5)
    d.mention(faller, 0, True)
    d.mention(maduro, 5, False)
    assert d.by_pronoun("m", 10) is faller


def test_role_noun_finds_the_titled_person():
    d = Discourse()
    faller = d.person("Craig Faller", role="Navy Adm.", pos=0)
    d.mention(faller, 0, True)
    assert d.by_role("admiral", 10) is faller
