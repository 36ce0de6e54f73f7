// The directory list, filtered in place: a text box (name, place, skills: any part of what a
// card shows) and a choice of district, kind and skill, combined. Without JavaScript the
// pre-rendered lists by district, kind and skill stay one link away.
import { element } from "./dom.js";
import { normalize } from "./search-engine.js";

const list = document.querySelector("[data-directory-list]");

function choice(id, label, values) {
  const select = element("select", { id },
    element("option", { value: "" }, "全部"),
    ...values.map((value) => element("option", { value }, value)));
  return [element("label", { for: id }, label), select];
}

function start() {
  const cards = [...list.querySelectorAll("li[data-district]")].map((card) => ({
    card,
    text: normalize(card.textContent.replace(/\s+/gu, " ")),
    district: card.dataset.district,
    kind: card.dataset.kind,
    skills: card.dataset.capabilities.split("|"),
  }));
  const total = Number(list.dataset.total) || cards.length;
  const distinct = (pick) => [...new Set(cards.flatMap(pick))].sort();
  const text = element("input", { id: "dir-text", type: "search", autocomplete: "off" });
  const [districtLabel, district] = choice("dir-district", "县区", distinct((c) => [c.district]));
  const [kindLabel, kind] = choice("dir-kind", "类型", distinct((c) => [c.kind]));
  const [skillLabel, skill] = choice("dir-skill", "专业技能", distinct((c) => c.skills));
  const status = element("p", { role: "status", "aria-live": "polite" });
  const form = element("form", { class: "rl-dirfilter", role: "search", "aria-label": "筛选条目" },
    element("div", {}, element("label", { for: "dir-text" }, "名称、地点或技能"), text),
    element("div", {}, districtLabel, district),
    element("div", {}, kindLabel, kind),
    element("div", {}, skillLabel, skill));
  list.before(form, status);

  function apply() {
    const words = normalize(text.value).split(/\s+/u).filter(Boolean);
    let shown = 0;
    for (const c of cards) {
      const visible = words.every((w) => c.text.includes(w))
        && (!district.value || c.district === district.value)
        && (!kind.value || c.kind === kind.value)
        && (!skill.value || c.skills.includes(skill.value));
      c.card.hidden = !visible;
      if (visible) shown += 1;
    }
    status.textContent = cards.length < total
      ? `本页显示 ${shown} / ${cards.length} 个条目（全部 ${total} 个条目分页列出，在全部条目中查找请用搜索）。`
      : `显示 ${shown} / ${cards.length} 个条目。`;
  }

  form.addEventListener("input", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  apply();
}

if (list) start();
