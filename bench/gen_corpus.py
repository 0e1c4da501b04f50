#!/usr/bin/env python3
"""Deterministic synthetic staff-handbook corpus generator (mostly Simplified Chinese).

usage: gen_corpus.py N OUTDIR [--layout mdbook|hugo|zola|plain|handbook] [--seed S]
                     [--pages-per-chapter K] [--sentences FILE]

Writes N Markdown pages of policy-handbook content: procedures (ordered steps,
mermaid flowchart blocks), role descriptions, forbidden-phrase tables, scorecards,
printable forms. Every page has headings, at least one ordered list and one table,
and about 5 internal links to other pages (2 in the same chapter, 3 anywhere).
Page bodies are 1.5-3 KB of UTF-8 Markdown.

Layouts:
  mdbook  OUTDIR/book.toml, OUTDIR/src/SUMMARY.md, OUTDIR/src/chNNNN/{README.md,pNNNNNN.md}
          links are relative .md paths (mdBook rewrites them to .html)
  hugo    OUTDIR/hugo.toml, OUTDIR/layouts/_default/{baseof,single,list}.html,
          OUTDIR/layouts/index.html, OUTDIR/content/_index.md,
          OUTDIR/content/chNNNN/{_index.md,pNNNNNN.md} with TOML front matter;
          links are root-relative pretty URLs (/chNNNN/pNNNNNN/); no theme needed
  zola    OUTDIR/config.toml, OUTDIR/templates/{base,index,section,page}.html,
          OUTDIR/content/ as for hugo (sections sorted by weight); search index off
  plain   OUTDIR/index.md, OUTDIR/chNNNN/{README.md,pNNNNNN.md}; relative .md links
  handbook  (added by the handbook project) OUTDIR/book.toml and OUTDIR/handbook/ in handbook's
          structured format: about one page in three is structured (roles, and procedures whose
          steps are performed by those roles, with decisions, loops, deadlines and jumps to other
          procedures), the rest are free chapters as in `plain`, under handbook/chapters/.

Determinism: page i's text depends only on (seed, i) and, for its link targets,
on N; the same arguments always give byte-identical output. Only the Python
standard library is used. Vocabulary comes from corpus_zh_sentences.txt (built
from the seed policy documents by extract_seed_sentences.py), next to this file.
"""
import argparse
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

ROLES = ["班主任", "课程顾问", "教务长", "校长", "前台文员", "客服主管", "客服专员",
         "教育顾问", "任课教师", "财务专员", "学导师", "分校长", "市场专员", "教务主管",
         "高级课程顾问", "总经理"]
CAMPUSES = ["北京朝阳校区", "北京海淀校区", "上海徐汇校区", "上海浦东校区", "广州天河校区",
            "深圳南山校区", "杭州西湖校区", "南京鼓楼校区", "成都武侯校区", "武汉洪山校区",
            "西安雁塔校区", "重庆渝中校区", "天津南开校区", "苏州园区校区", "长沙岳麓校区",
            "郑州金水校区", "青岛市南校区", "宁波鄞州校区", "厦门思明校区", "合肥蜀山校区",
            "济南历下校区", "沈阳和平校区", "大连中山校区", "昆明五华校区", "福州鼓楼校区",
            "东莞南城校区", "佛山禅城校区", "无锡滨湖校区", "石家庄桥西校区", "哈尔滨南岗校区"]
# (topic, kind) — kind picks the page template.
TOPICS = [("退费处理流程", "procedure"), ("投诉受理规范", "procedure"),
          ("课时调整流程", "procedure"), ("续费跟进制度", "procedure"),
          ("开班通知流程", "procedure"), ("家长沟通规范", "procedure"),
          ("满意度回访制度", "procedure"), ("缺课补课安排", "procedure"),
          ("试听课接待流程", "flowchart"), ("合同签订规范", "procedure"),
          ("转班申请流程", "flowchart"), ("退费审批流程图", "flowchart"),
          ("投诉升级流程图", "flowchart"), ("服务禁用语清单", "forbidden"),
          ("电话沟通禁用语", "forbidden"), ("月度考核评分表", "scorecard"),
          ("服务质量评分表", "scorecard"), ("岗位职责说明", "role"),
          ("岗位任职要求", "role"), ("退费申请表", "form"), ("投诉登记表", "form"),
          ("调课申请单", "form"), ("学员档案管理", "procedure"), ("应急事件处理", "procedure")]
THEMES = ["总则与服务理念", "岗位职责", "招生与课程咨询", "开班与教务管理", "退费与售后",
          "投诉与纠纷处理", "服务用语规范", "考核与奖惩", "表单与模板", "流程图汇编"]
H2 = ["目的", "适用范围", "职责分工", "操作步骤", "注意事项", "相关制度", "附则", "考核标准",
      "处理时限", "记录与归档"]
FORBIDDEN = ["这不是我负责的", "你自己看合同", "我不知道", "没办法", "你听不懂吗", "规定就是这样",
             "你找别人去", "早就跟你说过了", "这是你自己的问题", "我们从来没有出过这种问题",
             "你到底想怎样", "随便你", "不可能退费", "下班了明天再说", "你去投诉吧", "这个我管不了"]
SUGGESTED = ["我来帮您联系负责的同事", "我们一起看一下合同的相关条款", "我马上为您核实",
             "我们可以这样处理", "我再为您解释一遍", "根据制度我们可以为您提供以下方案",
             "我帮您转给负责老师并跟进结果", "抱歉让您久等了", "我们一起分析一下原因",
             "非常理解您的心情", "我们会尽快给您答复", "我为您说明退费的条件和流程",
             "我记录下来，明天上午给您回电", "您的意见对我们很重要", "我请主管来为您处理"]
SCENES = ["电话咨询", "前台接待", "家长会", "退费沟通", "投诉处理", "课后回访", "微信沟通"]
FORM_FIELDS = ["学员姓名", "学员编号", "所在班级", "班主任", "课程顾问", "联系电话", "申请日期",
               "申请事由", "已上课时", "剩余课时", "应退金额", "审批人", "处理结果", "家长签字"]
FREQ = ["每日", "每周", "每月", "每期", "开班前", "课程结束后", "随时"]


def load_sentences(path):
    with open(path, encoding="utf-8") as f:
        out = [ln.strip() for ln in f if ln.strip()]
    if len(out) < 50:
        sys.exit(f"too few sentences in {path}")
    return out


class Page:
    __slots__ = ("idx", "ch", "title", "kind", "role", "topic", "campus")


def plan(n, ppc, seed):
    """Titles and chapter assignment for every page (cheap; no text yet)."""
    combos = [(t, r, c) for t in range(len(TOPICS)) for r in range(len(ROLES))
              for c in range(len(CAMPUSES))]
    random.Random(f"{seed}:titles").shuffle(combos)
    pages = []
    for i in range(n):
        t, r, c = combos[i % len(combos)]
        p = Page()
        p.idx = i
        p.ch = i // ppc
        p.topic, p.kind = TOPICS[t]
        p.role = ROLES[r]
        p.campus = CAMPUSES[c]
        rev = i // len(combos)
        p.title = f"{p.role}{p.topic}（{p.campus}）" + (f"（修订{rev + 1}）" if rev else "")
        pages.append(p)
    nch = (n + ppc - 1) // ppc
    chapters = [f"{THEMES[k % len(THEMES)]}（第{k // len(THEMES) + 1}分册）" for k in range(nch)]
    return pages, chapters


def chdir_name(k):
    return f"ch{k:04d}"


def page_name(i):
    return f"p{i:06d}"


class Writer:
    def __init__(self, layout, sentences, pages, chapters, ppc, seed):
        self.layout = layout
        self.S = sentences
        self.pages = pages
        self.chapters = chapters
        self.ppc = ppc
        self.seed = seed

    def link(self, src, dst):
        p = self.pages[dst]
        if self.layout in ("hugo", "zola"):
            return f"[{p.title}](/{chdir_name(p.ch)}/{page_name(dst)}/)"
        if p.ch == src.ch:
            return f"[{p.title}]({page_name(dst)}.md)"
        return f"[{p.title}](../{chdir_name(p.ch)}/{page_name(dst)}.md)"

    def link_targets(self, rng, p):
        n = len(self.pages)
        if n < 2:
            return []
        lo = p.ch * self.ppc
        hi = min(n, lo + self.ppc)
        out = []
        for _ in range(2):
            if hi - lo > 1:
                j = rng.randrange(lo, hi)
                if j != p.idx:
                    out.append(j)
        while len(out) < 5:
            j = rng.randrange(n)
            if j != p.idx:
                out.append(j)
        return out

    def sent(self, rng, k):
        return "".join(rng.choice(self.S) for _ in range(k))

    def body(self, p):
        rng = random.Random(f"{self.seed}:page:{p.idx}")
        target = rng.randint(1500, 3000)
        links = [self.link(p, j) for j in self.link_targets(rng, p)]
        code = f"SO-{p.idx:06d}-R{rng.randint(1, 9):02d}"
        out = [f"# {p.title}\n",
               f"> 文件编号：{code} ｜ 适用岗位：{p.role} ｜ 适用校区：{p.campus} ｜ "
               f"生效日期：20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n",
               f"## 目的\n\n{self.sent(rng, 2)}本制度由{p.role}负责执行"
               + (f"，参见{links[0]}。\n" if links else "。\n")]
        kind = p.kind
        if kind in ("procedure", "flowchart"):
            steps = [rng.choice(self.S) for _ in range(rng.randint(4, 7))]
            out.append("## 操作步骤\n\n" + "".join(f"{k + 1}. {s}\n" for k, s in enumerate(steps)))
            if kind == "flowchart":
                roles = rng.sample(ROLES, 3)
                out.append("## 流程图\n\n```mermaid\nflowchart TD\n"
                           f"    A[学员或家长提出申请] --> B{{{roles[0]}初审}}\n"
                           f"    B -->|符合条件| C[{roles[1]}复核]\n"
                           f"    B -->|不符合| D[{roles[0]}说明原因并记录]\n"
                           f"    C --> E[{roles[2]}审批]\n    E --> F[财务专员办理并归档]\n```\n")
            out.append("## 职责分工\n\n| 岗位 | 职责 | 时限 |\n| --- | --- | --- |\n" + "".join(
                f"| {r} | {rng.choice(self.S)[:40]} | {rng.choice(FREQ)} |\n"
                for r in rng.sample(ROLES, 3)))
        elif kind == "forbidden":
            rows = rng.sample(range(len(FORBIDDEN)), 5)
            out.append("## 禁用语与建议用语\n\n| 禁用语 | 建议用语 | 场景 |\n| --- | --- | --- |\n" +
                       "".join(f"| “{FORBIDDEN[k]}” | “{SUGGESTED[k % len(SUGGESTED)]}” | "
                               f"{rng.choice(SCENES)} |\n" for k in rows))
            out.append("## 使用要求\n\n" + "".join(
                f"{k + 1}. {rng.choice(self.S)}\n" for k in range(rng.randint(3, 5))))
        elif kind == "scorecard":
            out.append("## 考核标准\n\n| 项目 | 考核内容 | 分值 | 扣分标准 |\n| --- | --- | --- | --- |\n" +
                       "".join(f"| {k + 1} | {rng.choice(self.S)[:48]} | {rng.choice([5, 10, 15, 20])} | "
                               f"每次扣{rng.choice([1, 2, 5])}分 |\n" for k in range(rng.randint(4, 7))))
            out.append("## 计分说明\n\n1. 考核标准为100分。\n2. 每月考评，年度总结。\n"
                       f"3. {rng.choice(self.S)}\n")
        elif kind == "role":
            out.append(f"## 岗位职责\n\n" + "".join(
                f"{k + 1}. {rng.choice(self.S)}\n" for k in range(rng.randint(4, 7))))
            out.append("## 工作频率\n\n| 工作内容 | 频率 | 汇报对象 |\n| --- | --- | --- |\n" + "".join(
                f"| {rng.choice(self.S)[:36]} | {rng.choice(FREQ)} | {rng.choice(ROLES)} |\n"
                for _ in range(3)))
        else:  # form
            fields = rng.sample(FORM_FIELDS, 8)
            out.append("## 表单\n\n| 项目 | 填写内容 | 项目 | 填写内容 |\n| --- | --- | --- | --- |\n" +
                       "".join(f"| {fields[k]} | &nbsp; | {fields[k + 1]} | &nbsp; |\n"
                               for k in range(0, 8, 2)))
            out.append("## 填写说明\n\n" + "".join(
                f"{k + 1}. {rng.choice(self.S)}\n" for k in range(rng.randint(3, 5))))
        out.append("## 相关制度\n\n" + "".join(f"- {l}\n" for l in links[1:]))
        text = "\n".join(out)
        # Pad with policy prose until the byte target is met (kept under ~3 KB).
        extra = []
        size = len(text.encode("utf-8"))
        heads = [h for h in H2 if h not in ("目的", "操作步骤", "职责分工", "相关制度")]
        rng.shuffle(heads)
        hi = 0
        while size < target:
            h = heads[hi % len(heads)]
            hi += 1
            para = f"## {h}\n\n{self.sent(rng, rng.randint(2, 4))}\n"
            b = len(para.encode("utf-8")) + 1
            if size + b > 3000 and extra:
                break
            extra.append(para)
            size += b
        # Put padding before the link list so the page ends with "相关制度".
        tail = out.pop()
        return "\n".join(out + extra + [tail])

    def chapter_index(self, k):
        lo = k * self.ppc
        hi = min(len(self.pages), lo + self.ppc)
        lines = [f"# {self.chapters[k]}\n", "本分册收录以下制度与表单：\n"]
        for i in range(lo, hi):
            p = self.pages[i]
            if self.layout in ("hugo", "zola"):
                lines.append(f"1. [{p.title}](/{chdir_name(k)}/{page_name(i)}/)")
            else:
                lines.append(f"1. [{p.title}]({page_name(i)}.md)")
        return "\n".join(lines) + "\n"


HUGO_CONFIG = """baseURL = "http://localhost/"
languageCode = "zh-cn"
defaultContentLanguage = "zh"
title = "员工手册（合成语料）"
hasCJKLanguage = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
enableRobotsTXT = false

[markup.goldmark.renderer]
unsafe = true
"""
HUGO_BASEOF = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body>
<nav><a href="/">{{ .Site.Title }}</a>{{ with .Parent }} › <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""
HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ .Content }}</article>
<p>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">上一篇：{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">下一篇：{{ .Title }}</a>{{ end }}</p>{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""

ZOLA_CONFIG = """base_url = "http://localhost"
title = "员工手册（合成语料）"
default_language = "zh"
compile_sass = false
build_search_index = false
generate_feeds = false
generate_sitemap = false
generate_robots_txt = false
taxonomies = []

[markdown]
"""
ZOLA_BASE = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>{% block title %}{{ config.title }}{% endblock %}</title></head>
<body>
<nav><a href="/">{{ config.title }}</a></nav>
<main>{% block main %}{% endblock %}</main>
</body>
</html>
"""
ZOLA_PAGE = """{% extends "base.html" %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock %}
{% block main %}<article><h1>{{ page.title }}</h1>
{{ page.content | safe }}</article>
<p>{% if page.lower %}<a href="{{ page.lower.permalink }}">上一篇：{{ page.lower.title }}</a>{% endif %}
{% if page.higher %}<a href="{{ page.higher.permalink }}">下一篇：{{ page.higher.title }}</a>{% endif %}</p>{% endblock %}
"""
ZOLA_SECTION = """{% extends "base.html" %}
{% block title %}{{ section.title }} · {{ config.title }}{% endblock %}
{% block main %}<h1>{{ section.title }}</h1>{{ section.content | safe }}
<ul>{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}
"""
ZOLA_INDEX = """{% extends "base.html" %}
{% block main %}<h1>{{ section.title }}</h1>{{ section.content | safe }}
<ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}</ul>{% endblock %}
"""


def write_handbook(n, root, S, seed, ppc):
    """The structured layout: roles and procedures (about a third of the pages), the rest free
    chapters generated exactly as `plain` generates pages."""
    rng = random.Random(f"{seed}:handbook")
    n_roles = max(8, n // 15)
    n_procs = max(4, n // 3 - n_roles)
    n_chapters = max(1, n - n_roles - n_procs)
    write(os.path.join(root, "book.toml"),
          '[book]\ntitle = "员工手册（合成语料）"\nversion = "bench"\nlanguage = "zh-CN"\n'
          'src = "handbook"\n\n[check]\nunused-role = "allow"\nunused-form = "allow"\n')
    base = os.path.join(root, "handbook")
    roles = []
    for r in range(n_roles):
        title = f"{ROLES[r % len(ROLES)]}（{CAMPUSES[(r // len(ROLES)) % len(CAMPUSES)]}{r // (len(ROLES) * len(CAMPUSES)) or ''}）"
        rid = f"role-{r:04d}"
        roles.append(rid)
        duties = "".join(f"- {rng.choice(S)}\n" for _ in range(rng.randint(3, 6)))
        write(os.path.join(base, "roles", rid + ".md"),
              f'+++\ntitle = "{title}"\n+++\n{rng.choice(S)}\n\n## 职责\n\n{duties}')
    for p in range(n_procs):
        prng = random.Random(f"{seed}:proc:{p}")
        k = prng.randint(5, 14)
        lane_roles = prng.sample(roles, min(len(roles), prng.randint(2, 5)))
        lines = []
        for i in range(k):
            who = " ".join("@" + r for r in prng.sample(lane_roles, 1 if prng.random() < 0.85 else 2))
            attrs = f"#s{i}"
            if prng.random() < 0.3:
                attrs += f' deadline="{prng.choice(FREQ)}"'
            lines.append(f"{i + 1}. {who} {prng.choice(S)} {{{attrs}}}\n")
            pad = " " * len(f"{i + 1}. ")  # nested items line up under the step's text
            if i + 2 < k and prng.random() < 0.25:
                later = prng.randrange(i + 2, k)
                lines.append(f"{pad}- 符合条件 → #s{i + 1}\n{pad}- 不符合条件 → #s{later}\n")
                if prng.random() < 0.3:
                    lines.append(f"{pad}- 资料不全 → ↺ #s0\n")
            elif i + 1 < k and prng.random() < 0.1:
                lines.append(f"{pad}- 学员放弃 → 结束\n{pad}- 需要转入其他流程 → [[proc-{(p + 1) % n_procs:05d}]]\n"
                             f"{pad}- 继续办理 → #s{i + 1}\n")
        intro = prng.choice(S) + prng.choice(S)
        write(os.path.join(base, "procedures", f"proc-{p:05d}.md"),
              f'+++\ntitle = "{prng.choice(TOPICS)[0]}·{p:05d}"\nowner = "{lane_roles[0]}"\n+++\n'
              f"{intro}\n\n## 步骤\n\n{''.join(lines)}\n## 说明\n\n{prng.choice(S)}\n")
    pages, chapters = plan(n_chapters, ppc, seed)
    w = Writer("plain", S, pages, chapters, ppc, seed)
    cbase = os.path.join(base, "chapters")
    for k in range(len(chapters)):
        cdir = os.path.join(cbase, chdir_name(k))
        write(os.path.join(cdir, "README.md"), w.chapter_index(k))
        for i in range(k * ppc, min(n_chapters, (k + 1) * ppc)):
            write(os.path.join(cdir, page_name(i) + ".md"), w.body(pages[i]))
    print(f"wrote {n_roles} roles, {n_procs} procedures and {n_chapters} chapters to {root} (layout=handbook)")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, help="number of pages")
    ap.add_argument("outdir")
    ap.add_argument("--layout", choices=["mdbook", "hugo", "zola", "plain", "handbook"], default="plain")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--pages-per-chapter", type=int, default=50)
    ap.add_argument("--sentences", default=os.path.join(HERE, "corpus_zh_sentences.txt"))
    ap.add_argument("--force", action="store_true", help="delete OUTDIR first if it exists")
    a = ap.parse_args()
    if a.n < 1:
        sys.exit("N must be >= 1")
    if os.path.exists(a.outdir) and os.listdir(a.outdir):
        if not a.force:
            sys.exit(f"{a.outdir} exists and is not empty (use --force)")
        shutil.rmtree(a.outdir)
    S = load_sentences(a.sentences)
    if a.layout == "handbook":
        write_handbook(a.n, a.outdir, S, a.seed, a.pages_per_chapter)
        return
    ppc = a.pages_per_chapter
    pages, chapters = plan(a.n, ppc, a.seed)
    w = Writer(a.layout, S, pages, chapters, ppc, a.seed)
    root = a.outdir
    book_title = "员工手册（合成语料）"

    if a.layout == "mdbook":
        write(os.path.join(root, "book.toml"),
              f'[book]\ntitle = "{book_title}"\nlanguage = "zh-CN"\nsrc = "src"\n\n'
              "[output.html]\n\n[output.html.search]\nenable = true\n")
        base = os.path.join(root, "src")
        summary = ["# Summary\n", "[前言](README.md)\n"]
        write(os.path.join(base, "README.md"),
              f"# {book_title}\n\n本手册为性能测试用的合成语料，共 {a.n} 篇。\n")
    elif a.layout == "hugo":
        write(os.path.join(root, "hugo.toml"), HUGO_CONFIG)
        write(os.path.join(root, "layouts/_default/baseof.html"), HUGO_BASEOF)
        write(os.path.join(root, "layouts/_default/single.html"), HUGO_SINGLE)
        write(os.path.join(root, "layouts/_default/list.html"), HUGO_LIST)
        write(os.path.join(root, "layouts/index.html"), HUGO_LIST)
        base = os.path.join(root, "content")
        write(os.path.join(base, "_index.md"),
              f'+++\ntitle = "{book_title}"\n+++\n\n本手册为性能测试用的合成语料，共 {a.n} 篇。\n')
    elif a.layout == "zola":
        write(os.path.join(root, "config.toml"), ZOLA_CONFIG)
        write(os.path.join(root, "templates/base.html"), ZOLA_BASE)
        write(os.path.join(root, "templates/page.html"), ZOLA_PAGE)
        write(os.path.join(root, "templates/section.html"), ZOLA_SECTION)
        write(os.path.join(root, "templates/index.html"), ZOLA_INDEX)
        base = os.path.join(root, "content")
        write(os.path.join(base, "_index.md"),
              f'+++\ntitle = "{book_title}"\nsort_by = "weight"\n+++\n\n本手册为性能测试用的合成语料，共 {a.n} 篇。\n')
    else:
        base = root
        index = [f"# {book_title}\n"]

    total = 0
    for k in range(len(chapters)):
        cdir = os.path.join(base, chdir_name(k))
        idx_text = w.chapter_index(k)
        if a.layout in ("hugo", "zola"):
            sort = 'sort_by = "weight"\n' if a.layout == "zola" else ""
            write(os.path.join(cdir, "_index.md"),
                  f'+++\ntitle = "{chapters[k]}"\nweight = {k + 1}\n{sort}+++\n\n'
                  + idx_text.split("\n", 2)[2])
        else:
            write(os.path.join(cdir, "README.md"), idx_text)
        if a.layout == "mdbook":
            summary.append(f"- [{chapters[k]}]({chdir_name(k)}/README.md)")
        elif a.layout == "plain":
            index.append(f"- [{chapters[k]}]({chdir_name(k)}/README.md)")
        for i in range(k * ppc, min(a.n, (k + 1) * ppc)):
            p = pages[i]
            text = w.body(p)
            total += len(text.encode("utf-8"))
            if a.layout in ("hugo", "zola"):
                text = (f'+++\ntitle = "{p.title}"\nweight = {i - k * ppc + 1}\n+++\n\n'
                        + text.split("\n", 1)[1].lstrip("\n"))
            write(os.path.join(cdir, page_name(i) + ".md"), text)
            if a.layout == "mdbook":
                summary.append(f"  - [{p.title}]({chdir_name(k)}/{page_name(i)}.md)")
    if a.layout == "mdbook":
        write(os.path.join(base, "SUMMARY.md"), "\n".join(summary) + "\n")
    elif a.layout == "plain":
        write(os.path.join(root, "index.md"), "\n".join(index) + "\n")
    print(f"wrote {a.n} pages in {len(chapters)} chapters to {root} "
          f"(layout={a.layout}, avg page {total // a.n} bytes, total {total / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
