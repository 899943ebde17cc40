"""Benchmark of `kg build`: speed, memory and where the time goes.

In: sizes (documents per build; default 10, 100, 1000), --jobs, a seed.
A seeded generator writes N German news texts of about 300 words by
systematically varying the structure of the seed article in seeds/: invented
person names, role words and cue verbs from kg/data, countries, places,
dates, the order of the paragraphs. They are our own texts, not copies.
Each size is built in a fresh process (a cold start, as a user sees it).
Out: one line per size on stdout with articles/s, tokens/s, peak memory of
the build process and its workers, the share of time per stage, and with
--incremental the time of a rebuild after one file changed.

    .venv/bin/python bench/build_bench.py [--sizes 10,100,1000] [--jobs 2] [--seed 1]
                                          [--incremental] [--no-html] [--keep DIR] [--write-only DIR -n N]
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = ROOT / "kg" / "data"

# Invented surnames: the generated persons must not be real people.
SURNAMES = ["Marenko", "Tschalow", "Soltar", "Karwanik", "Perewin", "Dobrusch", "Welmar", "Hrabenko", "Ostrowek",
            "Lissanow", "Kudrejew", "Palarenko", "Sedlow", "Warnitz", "Bilotzky", "Jaruschin", "Feldrin",
            "Morgunenko", "Tabakow", "Ridgeford", "Calloway-Brent", "Ostenburg", "Harwick", "Pembry", "Colfax",
            "Durnow", "Wetschenko", "Lomarin", "Sabutin", "Grenko", "Kalmykow", "Trembach", "Zarudny"]
FIRST_NAMES = {
    "country/ukraine": ["Andrij", "Taras", "Serhij", "Olena", "Dmytro", "Iryna", "Pavlo", "Mychajlo"],
    "country/russia": ["Igor", "Sergej", "Dmitri", "Kirill", "Juri", "Nikolai", "Anatoli", "Waleri"],
    "country/usa": ["Daniel", "Mike", "Steven", "John", "James", "Robert", "Thomas", "Mark"],
    "country/turkey": ["Hakan", "Recep"],
    "country/saudi-arabia": ["Faisal", "Mohammed"],
    "country/qatar": ["Tamim", "Mohammed"],
}
SIDES = {  # country key -> (name, adjective "auf ___ Seite", genitive adjective "der ___ Regierung")
    "country/ukraine": ("die Ukraine", "ukrainischer", "ukrainischen", "Kiew"),
    "country/russia": ("Russland", "russischer", "russischen", "Moskau"),
    "country/usa": ("die USA", "amerikanischer", "amerikanischen", "Washington"),
    "country/turkey": ("die Türkei", "türkischer", "türkischen", "Ankara"),
    "country/saudi-arabia": ("Saudi-Arabien", "saudischer", "saudischen", "Riad"),
    "country/qatar": ("Katar", "katarischer", "katarischen", "Doha"),
}
PARTIES = ["country/ukraine", "country/russia"]
MEDIATORS = ["country/usa", "country/turkey", "country/saudi-arabia", "country/qatar"]
PLACES = ["Abu Dhabi", "Istanbul", "Riad", "Genf", "Dschidda", "Doha", "Ankara", "Miami", "Budapest"]
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
ROLES = ["Verhandlungsführer", "Generalstabschef", "Generalleutnant", "Außenminister", "Verteidigungsminister",
         "Sicherheitsberater", "Sondergesandter", "Staatssekretär", "Delegationsleiter", "Präsidentenberater"]

# Present and past third person forms of cue lemmas from kg/data/cues.toml;
# a lemma without forms here is not used (the generator does not conjugate).
FORMS = {
    "fordern": ("fordert", "forderte"), "verlangen": ("verlangt", "verlangte"),
    "drängen > auf": ("drängt auf", "drängte auf"), "pochen > auf": ("pocht auf", "pochte auf"),
    "bestehen > auf": ("besteht auf", "bestand auf"), "beharren > auf": ("beharrt auf", "beharrte auf"),
    "ab+lehnen": ("lehnt {} ab", "lehnte {} ab"), "zurück+weisen": ("weist {} zurück", "wies {} zurück"),
    "verweigern": ("verweigert {}", "verweigerte {}"),
    "drohen > mit": ("droht mit", "drohte mit"),
    "an+bieten": ("bietet {} an", "bot {} an"), "vor+schlagen": ("schlägt {} vor", "schlug {} vor"),
    "sagen": ("sagt", "sagte"), "erklären": ("erklärt", "erklärte"), "betonen": ("betont", "betonte"),
    "versichern": ("versichert", "versicherte"), "bekräftigen": ("bekräftigt", "bekräftigte"),
}
DEMANDED = ["den Abzug der Truppen aus dem Donbass", "ein Ende der Sanktionen", "verbindliche Sicherheitsgarantien",
            "einen sofortigen Waffenstillstand", "die Rückgabe verschleppter Kinder", "Zusagen für den Wiederaufbau",
            "eine Pufferzone entlang der Frontlinie", "den Schutz der Energieanlagen", "einen Gefangenenaustausch"]
DEMANDED_DAT = ["einem Abzug der Truppen aus dem Donbass", "einem Ende der Sanktionen",
                "verbindlichen Sicherheitsgarantien", "einem sofortigen Waffenstillstand",
                "der Überwachung einer Waffenruhe", "neuen Gesprächen über die Gebietsfrage"]
OFFERED = ["einen Austausch von Gefangenen", "eine Feuerpause über die Feiertage",
           "Gespräche über eine Pufferzone", "eine gemeinsame Überwachung der Waffenruhe",
           "ein Treffen der Außenminister"]
REJECTED = ["den Vorschlag", "die Forderung", "jeden Gebietsverzicht", "eine Obergrenze für die Armee"]
QUOTES = ["Wir sind bereit, je nach Verlauf des Dialogs in verschiedenen Formaten zu arbeiten",
          "Ohne echte Garantien wird es keinen dauerhaften Frieden geben",
          "Wir werden keinen Zentimeter unseres Landes aufgeben",
          "Die Gespräche waren schwierig, aber sachlich",
          "Jetzt ist die andere Seite am Zug",
          "Wir verhandeln nicht unter dem Druck von Drohungen"]
FILLER = [
    "Die Erfolgsaussichten gelten als unklar, Staatsmedien berichten von strikter Abschottung der Verhandlungen.",
    "Konkrete Ergebnisse wurden bisher nicht bekannt.",
    "Auch in der Bevölkerung gibt es dafür keine Mehrheit.",
    "Beobachter rechnen nicht mit einem raschen Durchbruch, sprechen aber von einem wichtigen Signal.",
    "Die anhaltenden Angriffe belasten die Infrastruktur des Landes stark.",
    "Über den Ort der nächsten Runde wurde zunächst nichts mitgeteilt.",
    "In den vergangenen Wochen hatte es mehrere vergebliche Anläufe für neue Gespräche gegeben.",
    "Diplomaten beider Seiten äußerten sich am Abend zurückhaltend über den Stand der Dinge.",
    "Die Gespräche sollen nach Angaben von Teilnehmern in den kommenden Tagen fortgesetzt werden.",
    "Ein gemeinsames Abschlussdokument ist bislang nicht vorgesehen.",
    "Zuletzt waren die Kontakte zwischen den Delegationen über Monate fast vollständig abgerissen.",
    "Die Regierung bemüht sich seit Monaten um ein Kriegsende, bislang ohne Durchbruch.",
    "Nach neuen Angriffen auf Energieanlagen war die Stimmung vor Beginn der Runde angespannt.",
    "Diskutiert werden zudem mögliche Pufferzonen und die Überwachung einer Waffenruhe.",
    "Zentraler Streitpunkt bleibt die Gebietsfrage im Donbass.",
    "Mehrere europäische Regierungen begrüßten, dass überhaupt wieder verhandelt wird.",
]
HEADINGS = ["Pufferzone im Gespräch", "Streit um die Gebietsfrage", "Gefangene im Mittelpunkt",
            "Neue Runde in Sicht", "Kritik an den Angriffen", "Zähes Ringen um Garantien"]


def _cue_forms() -> dict[str, list[tuple[str, str]]]:
    cues = tomllib.loads((DATA / "cues.toml").read_text(encoding="utf-8"))
    out = {}
    for kind, key in (("demand", "demand"), ("rejection", "rejection"), ("threat", "threat"), ("offer", "offer"),
                      ("speech", "speech")):
        out[kind] = [FORMS[v] for v in cues.get(key, {}).get("verbs", []) if v in FORMS]
        if not out[kind]:
            raise SystemExit(f"bench: no usable {kind} verb in cues.toml")
    return out


def _person(rng: random.Random, side: str, used: set[str]) -> str:
    for _ in range(100):
        name = f"{rng.choice(FIRST_NAMES[side])} {rng.choice(SURNAMES)}"
        if name not in used:
            used.add(name)
            return name
    return name


def article(rng: random.Random, cues: dict) -> str:
    """One text: a fixed first paragraph, the rest in varied order, about 300 words."""
    a, b = rng.sample(PARTIES, 2)
    m = rng.choice(MEDIATORS)
    day = date(2025, 1, 1) + timedelta(days=rng.randrange(500))
    place = rng.choice(PLACES)
    used: set[str] = set()
    pa = [(rng.choice(ROLES), _person(rng, a, used)) for _ in range(3)]
    pb = (rng.choice(ROLES), _person(rng, b, used))
    pm = (rng.choice(ROLES), _person(rng, m, used))
    na, adj_a, gen_a, cap_a = SIDES[a]
    nb, adj_b, gen_b, cap_b = SIDES[b]
    nm = SIDES[m][0]
    wd1 = WEEKDAYS[(day.weekday() - 1) % 7]
    wd2 = WEEKDAYS[day.weekday()]
    tense = rng.randrange(2)

    def verb(kind: str, obj: str = "") -> str:
        form = rng.choice(cues[kind])[tense]
        return form.format(obj) if "{}" in form else f"{form} {obj}".strip()

    def cap(s: str) -> str:
        return s[0].upper() + s[1:]

    intro = (f"Nach {rng.choice(['monatelanger Pause', 'wochenlangem Stillstand', 'zähem Vorlauf'])} haben "
             f"direkte Gespräche über ein Ende des Krieges wieder begonnen. Nach einem ersten Treffen am {wd1} "
             f"in {place} kommen am {wd2} ranghohe Vertreter beider Seiten zusammen, vermittelt von "
             f"{nm.replace('die ', 'den ')}. Das Ziel: {rng.choice(['dauerhafter Frieden', 'eine stabile Waffenruhe'])}.")
    delegation = (f"An den Gesprächen nehmen auf {adj_a} Seite unter anderem {pa[0][0]} {pa[0][1]}, "
                  f"{pa[1][0]} {pa[1][1]} und {pa[2][0]} {pa[2][1]} teil. {cap(nb)} wird von {pb[0]} {pb[1]} "
                  f"vertreten. Für {nm} ist unter anderem {pm[0]} {pm[1]} dabei.")
    quote = rng.choice(QUOTES)
    speaker = pa[rng.randrange(3)][1].split()[-1]
    fillers_q = rng.choice(FILLER)
    statement = f"{speaker} {rng.choice(cues['speech'])[tense]}: „{quote}“. {fillers_q}"
    demand = (f"{cap(nb)} {rng.choice(['verlangt', 'fordert'])} {rng.choice(DEMANDED)} als Voraussetzung für "
              f"einen Waffenstillstand, was {na} weiter ablehnt.")
    form = verb("demand")
    # "besteht/beharrt auf" governs the dative, the other cue verbs the accusative
    wanted = rng.choice(DEMANDED_DAT if form.startswith(("best", "behar")) else DEMANDED)
    push = f"{pa[0][1]} {form} {wanted}."
    threat = f"{cap_b} {verb('threat')} einer Fortsetzung des Krieges, falls {na} nicht einlenke."
    offer = f"{pb[1]} {verb('offer', rng.choice(OFFERED))}."
    fillers = rng.sample(FILLER, len(FILLER))
    rejection = f"{pa[1][1]} {verb('rejection', rng.choice(REJECTED))}. {fillers.pop()}"
    focus = (f"Für {cap_a} stehen neben Sicherheitsgarantien auch Zusagen für den Wiederaufbau im Fokus. "
             f"{cap(nb)} hingegen drängt auf ein Ende der Sanktionen.")
    fillers = [f for f in fillers if f != fillers_q]
    paragraphs = [statement, f"{demand} {threat}", f"{push} {offer}", rejection, focus,
                  f"{fillers.pop()} {fillers.pop()}"]
    rng.shuffle(paragraphs)
    heads = rng.sample(HEADINGS, 2)
    paragraphs.insert(rng.randrange(1, len(paragraphs)), heads[0])
    paragraphs.insert(rng.randrange(1, len(paragraphs)), heads[1])
    body = [intro, delegation, *paragraphs]
    words = sum(len(p.split()) for p in body)
    while words < 290 and fillers:
        f = fillers.pop()
        body.insert(rng.randrange(2, len(body) + 1), f)
        words += len(f.split())
    return f"date {day.isoformat()}\n" + "\n".join(body) + "\n"


def write_corpus(folder: Path, n: int, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    cues = _cue_forms()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"a{i:05d}.txt"
        p.write_text(article(rng, cues), encoding="utf-8")
        paths.append(p)
    return paths


# ------------------------------------------------------------------ measuring

def _tree_rss(pid: int) -> int:
    """Memory (bytes) of a process and all its descendants: the
    proportional set size, so pages forked workers share with the parent
    count once, not once per process (VmRSS where there is no PSS)."""
    total = 0
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        try:
            lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
            key = "Pss:"
        except OSError:
            lines = Path(f"/proc/{pid}/status").read_text().splitlines()
            key = "VmRSS:"
        for line in lines:
            if line.startswith(key):
                total += int(line.split()[1]) * 1024
                break
    except OSError:
        return 0
    return total + sum(_tree_rss(int(c)) for c in children)


def _one(args) -> None:
    """Child mode: one build, a JSON line with the figures on stdout."""
    from kg.build import build

    peak = [0]
    done = threading.Event()

    def sample():
        while not done.wait(0.05):
            peak[0] = max(peak[0], _tree_rss(os.getpid()))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    result = build([args.one], args.out, jobs=args.jobs, cache=args.cache, html=not args.no_html)
    seconds = time.perf_counter() - started
    done.set()
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"documents": result.documents, "triples": result.triples, "seconds": seconds,
                      "stages": result.stages, "tokens": result.tokens, "extracted": result.extracted,
                      "peak_sampled": peak[0], "maxrss_self": self_kb * 1024, "maxrss_child": child_kb * 1024}),
          flush=True)
    os._exit(0)   # as `kg` ends: freeing the graph object by object is no part of a build


def _run_child(folder: Path, out: Path, jobs: int, cache: bool, html: bool = True) -> dict:
    cmd = [sys.executable, __file__, "--one", str(folder), "--out", str(out), "--jobs", str(jobs)]
    if cache:
        cmd.append("--cache")
    if not html:
        cmd.append("--no-html")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"bench: build failed:\n{proc.stderr}")
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    figures["wall"] = wall
    # CPU seconds of the build and its workers: on a machine shared with
    # other work the wall time says more about the neighbours
    figures["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return figures


def _line(label: str, f: dict, jobs: int) -> str:
    stages = f["stages"]
    total = sum(stages.values()) or 1.0
    share = " ".join(f"{k} {100 * v / total:.0f}%" for k, v in stages.items())
    # rusage gives the largest single worker; with several workers alive at once the sum is the bound
    rss_bound = f["maxrss_self"] + f["maxrss_child"] * jobs
    return (f"{label:>14}: {f['documents']:5d} articles {f['wall']:7.2f} s (build {f['seconds']:.2f} s, "
            f"cpu {f['cpu']:.1f} s) "
            f"{f['documents'] / f['wall']:7.1f} articles/s {f['tokens'] / f['wall']:8.0f} tokens/s "
            f"peak {f['peak_sampled'] / 2**20:5.0f} MB (PSS, sampled), <= {rss_bound / 2**20:.0f} MB (maxrss) | "
            f"{f['triples']} triples | {share}")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--incremental", action="store_true",
                    help="also time a cached rebuild with no change and after one file changed")
    ap.add_argument("--no-html", action="store_true", help="build without the HTML view")
    ap.add_argument("--keep", type=Path, help="keep the generated texts and outputs in this folder")
    ap.add_argument("--write-only", type=Path, metavar="DIR", help="only write -n texts into DIR")
    ap.add_argument("-n", type=int, default=10)
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--cache", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        return _one(args)
    if args.write_only:
        write_corpus(args.write_only, args.n, args.seed)
        return
    # kg as a regular pip install leaves it, its bytecode compiled: an
    # editable install leaves that to the first import, and where
    # PYTHONDONTWRITEBYTECODE is set every build would compile kg again
    compileall.compile_dir(ROOT / "kg", quiet=1)
    work = args.keep or Path(tempfile.mkdtemp(prefix="kg-build-bench-"))
    try:
        print(f"# kg build benchmark: jobs {args.jobs}, {os.cpu_count()} cores, seed {args.seed}, "
              f"{'no HTML, ' if args.no_html else ''}"
              f"load average {os.getloadavg()[0]:.1f} at the start")
        for n in (int(s) for s in args.sizes.split(",")):
            folder = work / f"texts-{n}"
            shutil.rmtree(folder, ignore_errors=True)
            write_corpus(folder, n, args.seed)
            out = work / f"out-{n}"
            shutil.rmtree(out, ignore_errors=True)
            full = _run_child(folder, out, args.jobs, cache=args.incremental, html=not args.no_html)
            print(_line(f"N={n}", full, args.jobs), flush=True)
            if args.incremental:
                again = _run_child(folder, out, args.jobs, cache=True, html=not args.no_html)
                print(_line("  unchanged", again, args.jobs) + f" | re-extracted {again['extracted']}", flush=True)
                victim = folder / "a00000.txt"
                victim.write_text(victim.read_text(encoding="utf-8").replace("Konkrete", "Greifbare"),
                                  encoding="utf-8")
                one = _run_child(folder, out, args.jobs, cache=True, html=not args.no_html)
                print(_line("  1 changed", one, args.jobs)
                      + f" | re-extracted {one['extracted']} | {one['wall'] / full['wall']:.1%} of full", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
