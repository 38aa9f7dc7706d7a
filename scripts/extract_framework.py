# One-off: transcribes the 2020 guidance characteristics from the seed text into bvdata/frameworks/bv_2020.csv.
# Run from the repository with ../shared/seeds beside it; the CSV it wrote is committed and checked by tests.
import csv, re
text = open('/work/shared/seeds/000_3ab7f119727fb9ac.txt', encoding='utf-8').read()
start = text.index('Theme 1 - Vision and Leadership\n\nEffective political')
end = text.index('Best Value Guidance Refresh – National Steering Group')
body = text[start:end]
themes = ["Vision and Leadership", "Governance and Accountability", "Effective Use of Resources",
          "Partnerships and Collaborative Working", "Working with Communities", "Sustainable Development",
          "Fairness and Equality"]
heads = [m.start() for m in re.finditer(r'^Theme \d [-–] ', body, re.M)]
heads.append(len(body))
areas3 = ["Staff", "Asset management", "Information", "Financial management and planning", "Performance management"]
rows = []
for t in range(7):
    sec = body[heads[t]:heads[t+1]]
    parts = [(None, sec)]
    if t == 2:
        idx = [sec.index('\n' + a + '\n') for a in areas3] + [len(sec)]
        parts = [(areas3[i], sec[idx[i]:idx[i+1]]) for i in range(5)]
    for area, chunk in parts:
        lines = chunk.splitlines()
        # top-level bullet lines
        tops = [i for i, l in enumerate(lines) if l.startswith('- ')]
        ones = [i for i in tops if re.match(r'- 1\. ', lines[i])]
        if ones:
            first = ones[0]
        else:
            two = next(i for i in tops if re.match(r'- 2\. ', lines[i]))
            first = max(i for i in tops if i < two)
        items = []
        for i, l in enumerate(lines[first:], start=first):
            if l.startswith('- ') and l[2:3].islower() and items:
                # a sub-bullet the page break pushed to the top level ("- developing a joint ...")
                items[-1] += ' • ' + l[2:].strip()
            elif l.startswith('- '):
                items.append(re.sub(r'^- (\d+\. )?', '', l).strip())
            elif l.startswith(' - ') or l.startswith(' -') or l.strip().startswith('· ') or l.startswith(' · '):
                items[-1] += ' • ' + l.strip().lstrip('-·• ').strip()
            elif l.strip() and not l.startswith('Theme') and items and t != 6 and l.strip() not in ('This means that:',):
                # paragraph text after the list (the next theme's preamble) ends the list
                break
        for n, item in enumerate(items, start=1):
            item = re.sub(r'</?u>', '', item).replace('  ', ' ')
            rows.append([t + 1, themes[t], area or "", n, item])
from collections import Counter
print(Counter((r[0], r[2]) for r in rows))
print(len(rows))
with open('/work/main/bvdata/frameworks/bv_2020.csv', 'w', newline='', encoding='utf-8') as fh:
    fh.write("# Best Value: Revised Statutory Guidance 2020 (Scottish Government), Section 2: for each theme, the\n")
    fh.write("# numbered characteristics 'a local authority will be able to demonstrate', transcribed from the guidance\n")
    fh.write("# as appended to the West Lothian IJB report of 24 Feb 2021. Theme 3 is split into its five sub-areas.\n")
    fh.write("# Another framework in the same shape (theme_number, theme, area, number, characteristic) can replace it.\n")
    w = csv.writer(fh)
    w.writerow(["theme_number", "theme", "area", "number", "characteristic"])
    w.writerows(rows)
