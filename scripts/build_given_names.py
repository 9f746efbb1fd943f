"""Build quotes_api/data/given_names.txt: given names common enough to tell 'Jane Hall' (a person) from 'City Hall'.

The extractor takes a name holding a word that names a kind of body ('Hall', 'Park', 'Street', 'Cross', 'Read':
the lexicon's org_words) for an organisation, unless another of its words is a given name (see
``speakers.looks_like_person``). The list comes from the name data of nomquamgender (Ian Van Buskirk, MIT licence,
https://github.com/ianvanbuskirk/nomquamgender), which counts given names over 36 sources of many countries:
a name is kept when it is plain letters (a hyphen inside allowed), appears in at least MIN_SOURCES sources and
MIN_COUNT times, and is none of the words the lexicon lists for a body or a place (it keeps no genders).

Usage:  pip download nomquamgender --no-deps -d /tmp/nq && unzip -o /tmp/nq/*.whl -d /tmp/nq
        python3 scripts/build_given_names.py /tmp/nq/nomquamgender/name_data.json
"""
import json
import re
import sys
from pathlib import Path

MIN_SOURCES = 10
MIN_COUNT = 2000
HERE = Path(__file__).resolve().parent.parent / "quotes_api" / "data"
# Given names in the data that are also words of place or rank ('San Diego', 'Saint Paul', 'Royal Mail').
NOT_GIVEN = {"san", "saint", "santa", "royal", "star", "lake", "king", "general", "major", "sun", "park", "hall"}


def main(path: str) -> None:
    data = json.load(open(path, encoding="utf-8"))
    lexicon = json.loads((HERE / "lexicon.json").read_text("utf-8"))
    bodies = set(lexicon["org_words"]) | {p for p in lexicon["places"] if " " not in p}
    plain = re.compile(r"[a-z][a-z\-]*[a-z]")
    names = sorted(n for n, v in data.items() if plain.fullmatch(n) and v[0] >= MIN_SOURCES and v[1] >= MIN_COUNT
                   and n not in bodies and n not in NOT_GIVEN)
    header = ("# Given names (nomquamgender name data, Ian Van Buskirk, MIT licence; in >= "
              f"{MIN_SOURCES} sources, >= {MIN_COUNT} times). Built by scripts/build_given_names.py.\n")
    (HERE / "given_names.txt").write_text(header + "\n".join(names) + "\n", "utf-8")
    print(f"{len(names)} given names written to {HERE / 'given_names.txt'}")


if __name__ == "__main__":
    main(sys.argv[1])
