// The guided session runner. Everything on screen is computed from the timer state
// the server sent and the clock (Date.now), so a reload or a throttled background tab
// shows the right time at once. The server hears only controls and the session's end.
// Text from the catalog or the data file is set with textContent, never as HTML.

const PREFS_KEY = "hipdash.session.prefs";
const DEFAULT_PREFS = { voice: true, sounds: true, rate: 1, volume: 1, breath: "" };
// A jump (start, skip, back) this recent still sounds the cue at its new place.
const JUMP_FRESH_SECONDS = 3;
const TICK_MS = 200;
const DONE_RETRY_MS = 3000;
const instances = new WeakMap();
const OTHER_CONTROLS =
  'button, a[href], summary, [role="button"], [role="slider"], [role="tab"], [role="link"], ' +
  '[role="checkbox"], [role="switch"], [role="option"], [role="combobox"], [role="menuitem"]';

function nowSeconds() {
  return Date.now() / 1000;
}

function clockText(seconds) {
  const whole = Math.max(0, Math.ceil(Math.round(seconds * 1e6) / 1e6));
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  return `${minutes}:${rest < 10 ? "0" : ""}${rest}`;
}

function loadPrefs() {
  try {
    const stored = JSON.parse(window.localStorage.getItem(PREFS_KEY) || "{}");
    return { ...DEFAULT_PREFS, ...(stored && typeof stored === "object" ? stored : {}) };
  } catch (error) {
    return { ...DEFAULT_PREFS };
  }
}

function savePrefs(prefs) {
  try {
    window.localStorage.setItem(PREFS_KEY, JSON.stringify(prefs));
  } catch (error) {
    // Private windows may refuse storage; the settings then last for this page only.
  }
}

function fillList(list, items) {
  list.replaceChildren(
    ...items.map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    }),
  );
}

function createRunner(root) {
  const el = {};
  root.querySelectorAll("[data-el]").forEach((node) => {
    el[node.getAttribute("data-el")] = node;
  });
  const buttons = Array.from(root.querySelectorAll("button[data-action]"));
  const prefInputs = Array.from(root.querySelectorAll("[data-pref]"));
  const s = {
    data: null,
    dataText: "",
    timer: null,
    lastPos: null,
    lastJumpAt: null,
    interval: null,
    wake: null,
    wakeAsking: false,
    doneSentAt: 0,
    count: 0,
    prefs: loadPrefs(),
    audio: null,
    voices: [],
    send: null,
    shownStep: -1,
    shownSetup: "",
    listening: false,
  };

  // -- time ------------------------------------------------------------------------
  function position(now) {
    const t = s.timer;
    if (t.state === "running" && t.anchor_at !== null) {
      return Math.min(t.anchor_offset + Math.max(0, now - t.anchor_at), t.total);
    }
    return Math.min(t.anchor_offset, t.total);
  }

  function phaseIndex(pos) {
    const phases = s.data.phases;
    if (pos >= s.timer.total) return -1;
    let low = 0;
    let high = phases.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (phases[mid][0] <= pos) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  function finished(now) {
    const t = s.timer;
    return t.state === "stopped" || (t.state !== "idle" && position(now) >= t.total);
  }

  // -- sound and voice ---------------------------------------------------------------
  function unlockAudio() {
    // Browsers allow sound only after a gesture; every control press is one.
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    if (!s.audio) {
      try {
        s.audio = new Context();
      } catch (error) {
        s.audio = null;
        return;
      }
    }
    if (s.audio.state === "suspended") s.audio.resume().catch(() => {});
  }

  function playTone(kind) {
    const notes = s.data.tones[kind];
    if (!notes || !s.audio || !s.prefs.sounds) return;
    const audio = s.audio;
    let at = audio.currentTime + 0.02;
    const peak = 0.3 * Number(s.prefs.volume ?? 1) + 0.05;
    for (const [frequency, seconds] of notes) {
      if (frequency > 0) {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.type = "sine";
        osc.frequency.value = frequency;
        gain.gain.setValueAtTime(0, at);
        gain.gain.linearRampToValueAtTime(peak, at + 0.012);
        gain.gain.setValueAtTime(peak, at + Math.max(0.013, seconds - 0.012));
        gain.gain.linearRampToValueAtTime(0, at + seconds);
        osc.connect(gain).connect(audio.destination);
        osc.start(at);
        osc.stop(at + seconds + 0.01);
      }
      at += seconds;
    }
  }

  function speechReady() {
    return Boolean(window.speechSynthesis) && s.voices.length > 0;
  }

  function pickVoice() {
    const british = s.voices.find((v) => (v.lang || "").toLowerCase().startsWith("en-gb"));
    return british || s.voices.find((v) => (v.lang || "").toLowerCase().startsWith("en")) || null;
  }

  function speak(text) {
    if (!s.prefs.voice || !speechReady()) return;
    const synth = window.speechSynthesis;
    // Cues follow the clock: a new one replaces whatever is still being said.
    synth.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "en-GB";
    const voice = pickVoice();
    try {
      if (voice) utterance.voice = voice;
    } catch (error) {
      // A voice the browser lists but won't take: its default voice speaks instead.
    }
    utterance.rate = Number(s.prefs.rate) || 1;
    utterance.volume = Number(s.prefs.volume ?? 1);
    synth.speak(utterance);
  }

  function loadVoices() {
    if (!window.speechSynthesis) {
      s.voices = [];
    } else {
      try {
        s.voices = window.speechSynthesis.getVoices() || [];
      } catch (error) {
        s.voices = [];
      }
    }
    showVoiceStatus();
  }

  function showVoiceStatus() {
    let text = "";
    if (!window.speechSynthesis) {
      text = "This browser has no speech, so the session can't speak. The sound cues still play.";
    } else if (s.voices.length === 0) {
      text =
        "This browser has no voice installed, so the session can't speak. The sound cues still play.";
    } else if (!s.prefs.voice) {
      text = "Voice is off. The sound cues still play.";
    }
    el["voice-status"].textContent = text;
  }

  function fire(entry) {
    const [, text, tone] = entry;
    // A failing sound or voice must never stop the clock or the controls.
    try {
      if (tone) playTone(tone);
    } catch (error) {
      console.warn("hipdash: a cue tone failed", error);
    }
    try {
      speak(text);
    } catch (error) {
      console.warn("hipdash: speaking failed", error);
    }
  }

  // Fire only the latest cue the clock passed since the last look: after a throttled
  // background stretch the person hears where the session is now, not a backlog.
  function cues(pos) {
    if (s.lastPos === null) {
      s.lastPos = pos;
      return;
    }
    if (pos <= s.lastPos) return;
    let latest = null;
    for (const entry of s.data.script) {
      if (entry[0] > pos) break;
      if (entry[0] > s.lastPos) latest = entry;
    }
    s.lastPos = pos;
    if (latest) fire(latest);
  }

  // -- wake lock ---------------------------------------------------------------------
  function keepAwake(wanted) {
    if (wanted && !s.wake && !s.wakeAsking && navigator.wakeLock &&
        document.visibilityState === "visible") {
      s.wakeAsking = true;
      navigator.wakeLock
        .request("screen")
        .then((lock) => {
          s.wake = lock;
          if (lock && lock.addEventListener) {
            lock.addEventListener("release", () => {
              if (s.wake === lock) s.wake = null;
            });
          }
          if (!s.timer || s.timer.state !== "running") release();
        })
        .catch(() => {})
        .finally(() => {
          s.wakeAsking = false;
        });
    } else if (!wanted && s.wake) {
      release();
    }
  }

  function release() {
    const lock = s.wake;
    s.wake = null;
    if (lock) Promise.resolve(lock.release()).catch(() => {});
  }

  // -- controls ----------------------------------------------------------------------
  function control(action) {
    if (!s.send || !s.timer) return;
    unlockAudio();
    const now = nowSeconds();
    if (action === "toggle" && !finished(now)) {
      // Show the pause or resume at once; the server's answer confirms it.
      const t = s.timer;
      if (t.state === "running") {
        s.timer = { ...t, state: "paused", anchor_offset: position(now), anchor_at: null };
      } else if (t.state === "paused") {
        s.timer = { ...t, state: "running", anchor_at: now };
      }
      render(now);
    }
    s.count += 1;
    s.send("control", { action, at: now, n: s.count });
  }

  function onKey(event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const action =
      event.key === " " || event.code === "Space"
        ? "toggle"
        : event.key === "ArrowRight"
          ? "next_part"
          : event.key === "ArrowLeft"
            ? "previous_part"
            : null;
    if (!action || !s.timer || finished(nowSeconds())) return;
    const target = event.composedPath()[0];
    const inside = target instanceof Node && root.contains(target);
    if (target instanceof Element && target.closest("input, textarea, select, [contenteditable]")) {
      return;
    }
    // Another control on the page keeps its own keys; ours work from anywhere else.
    if (!inside && target instanceof Element && target.closest(OTHER_CONTROLS)) return;
    if (action !== "toggle" && s.timer.state === "idle") return;
    event.preventDefault();
    if (event.repeat) return;
    control(action);
  }

  function onKeyUp(event) {
    // A focused button would otherwise click on Space's release as well.
    if (event.key !== " " && event.code !== "Space") return;
    const target = event.composedPath()[0];
    if (target instanceof Node && root.contains(target) && target.tagName === "BUTTON") {
      event.preventDefault();
    }
  }

  function onVisible() {
    if (!s.data) return;
    if (document.visibilityState === "visible") tick();
  }

  buttons.forEach((button) => {
    button.addEventListener("click", () => control(button.getAttribute("data-action")));
  });

  prefInputs.forEach((input) => {
    input.addEventListener("change", () => {
      const name = input.getAttribute("data-pref");
      s.prefs[name] = input.type === "checkbox" ? input.checked : input.value;
      if (name === "rate" || name === "volume") s.prefs[name] = Number(input.value);
      savePrefs(s.prefs);
      if (name === "voice" && !s.prefs.voice && window.speechSynthesis) {
        window.speechSynthesis.cancel();
      }
      unlockAudio();
      showVoiceStatus();
      render(nowSeconds());
    });
  });

  // -- drawing -----------------------------------------------------------------------
  function setBar(bar, fraction) {
    const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
    bar.setAttribute("aria-valuenow", String(percent));
    bar.firstElementChild.style.width = `${percent}%`;
  }

  function breathAt(elapsed) {
    const pattern = s.data.breath[s.prefs.breath] || s.data.breath[s.data.default_breath];
    const stages = pattern.stages;
    const cycle = stages.reduce((sum, [, seconds]) => sum + seconds, 0);
    let into = Math.max(0, elapsed) % cycle;
    let filled = 0;
    for (const [stage, seconds] of stages) {
      if (into < seconds) {
        const fraction = into / seconds;
        let fill = filled;
        if (stage === "inhale") fill = fraction;
        else if (stage === "exhale") fill = 1 - fraction;
        return { stage, left: seconds - into, fill };
      }
      into -= seconds;
      if (stage === "inhale") filled = 1;
      else if (stage === "exhale") filled = 0;
    }
    return { stage: stages[stages.length - 1][0], left: 0, fill: 0 };
  }

  const BREATH_WORDS = { inhale: "Breathe in", hold: "Hold", exhale: "Breathe out" };

  // The side a phase works: its own, or for a lead-in or a switch the next side of its step.
  function sideAt(index, stepIndex) {
    const phases = s.data.phases;
    for (let i = Math.max(index, 0); i < phases.length && phases[i][4] === stepIndex; i++) {
      if (phases[i][7]) return phases[i][7];
    }
    return null;
  }

  function showStep(stepIndex, kind, side) {
    const step = s.data.steps[stepIndex] || s.data.steps[0];
    if (!step) return;
    const setupKey = `${stepIndex}:${side || ""}`;
    if (s.shownStep !== stepIndex) {
      s.shownStep = stepIndex;
      fillList(el.cues, step.cues.filter(Boolean));
      fillList(el.cautions, step.cautions);
      fillList(el["all-steps"], step.steps);
    }
    const settingUp =
      kind === "get_ready" || kind === "transition" || kind === "idle" || kind === "switch_sides";
    el.setup.hidden = !settingUp;
    if (settingUp && s.shownSetup !== setupKey) {
      s.shownSetup = setupKey;
      el["setup-title"].textContent = `Get into position: ${step.name}`;
      el.position.textContent = step.position;
      fillList(el["setup-steps"], step.setup);
      // Per-side work shows the mirror image for the side about to be worked.
      const [svg, label] = (side && (step.figure_sides || {})[side]) || [
        step.figure_svg,
        step.figure_label,
      ];
      if (svg) {
        el.figure.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
        el.figure.alt = label || step.name;
        el.figure.setAttribute("aria-label", label || step.name);
        el.figure.hidden = false;
      } else {
        el.figure.removeAttribute("src");
        el.figure.hidden = true;
      }
    }
  }

  function render(now) {
    const t = s.timer;
    const data = s.data;
    const pos = position(now);
    const over = finished(now);
    const index = over ? -1 : phaseIndex(pos);
    const phase = index >= 0 ? data.phases[index] : null;
    const stepCount = data.steps.length;
    const stepIndex = phase ? phase[4] : stepCount - 1;
    const step = data.steps[stepIndex];
    el.step.textContent = step ? `Step ${stepIndex + 1} of ${stepCount} · ${step.name}` : "";
    let part = phase ? phase[3] : "Finished";
    if (t.state === "idle") part = "Get ready, then press Start";
    else if (t.state === "paused" && !over) part = `${part} (paused)`;
    el.part.textContent = part;
    const remaining = phase ? phase[1] - pos : 0;
    el.count.textContent = clockText(remaining);
    el.count.classList.toggle("paused", t.state === "paused");
    setBar(el["bar-part"], phase ? (pos - phase[0]) / (phase[1] - phase[0]) : 1);
    setBar(el["bar-all"], t.total > 0 ? pos / t.total : 1);
    el.left.textContent = `Whole session · ${clockText(t.total - pos)} left`;
    el.next.textContent = phase ? phase[6] : "";
    const primary = el.primary;
    const label = over ? "Finished" : t.state === "idle" ? "Start" : t.state === "paused" ? "Resume" : "Pause";
    if (primary.textContent !== label) primary.textContent = label;
    primary.setAttribute("aria-keyshortcuts", "Space");
    buttons.forEach((button) => {
      const action = button.getAttribute("data-action");
      const idleOnly = action !== "toggle" && action !== "red_flag" && t.state === "idle";
      // Never disable the focused button: focus would fall back to the page.
      const disabled = over || idleOnly;
      if (button.disabled !== disabled && !(disabled && root.activeElement === button)) {
        button.disabled = disabled;
      }
    });
    showStep(
      stepIndex,
      t.state === "idle" ? "idle" : phase ? phase[2] : "done",
      sideAt(index >= 0 ? index : 0, stepIndex),
    );
    const paced = Boolean(phase && phase[5]) && t.state !== "idle";
    el.pacer.hidden = !paced;
    if (paced) {
      const breath = breathAt(pos - phase[0]);
      el.lung.style.transform = `scale(${(0.33 + 0.67 * breath.fill).toFixed(3)})`;
      el.breath.textContent = `${BREATH_WORDS[breath.stage]} · ${Math.ceil(breath.left - 1e-6)}`;
    }
  }

  function tick() {
    if (!s.data) return;
    const now = nowSeconds();
    const running = s.timer.state === "running";
    // Any earlier click on the page (Resume, Skip rating) allows sound: take it up.
    if (!s.audio && navigator.userActivation && navigator.userActivation.hasBeenActive) {
      unlockAudio();
    }
    if (running) cues(position(now));
    render(now);
    const over = finished(now);
    keepAwake(running && !over);
    if (over && s.timer.state === "running" && s.send && Date.now() - s.doneSentAt > DONE_RETRY_MS) {
      // The end is a phase change the server must hear: it asks for the after-rating.
      s.doneSentAt = Date.now();
      s.count += 1;
      s.send("phase", { done: true, n: s.count });
    }
  }

  function listen() {
    if (s.listening) return;
    s.listening = true;
    document.addEventListener("keydown", onKey);
    document.addEventListener("keyup", onKeyUp);
    document.addEventListener("visibilitychange", onVisible);
    if (window.speechSynthesis && window.speechSynthesis.addEventListener) {
      window.speechSynthesis.addEventListener("voiceschanged", loadVoices);
    }
    s.interval = window.setInterval(tick, TICK_MS);
  }

  function stop() {
    if (s.listening) {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("keyup", onKeyUp);
      document.removeEventListener("visibilitychange", onVisible);
      if (window.speechSynthesis && window.speechSynthesis.removeEventListener) {
        window.speechSynthesis.removeEventListener("voiceschanged", loadVoices);
      }
      window.clearInterval(s.interval);
      s.listening = false;
    }
    release();
  }

  function update(text, send) {
    s.send = send;
    if (text !== s.dataText) {
      const data = JSON.parse(text);
      const fresh = !s.data || s.data.session_id !== data.session_id;
      s.dataText = text;
      s.data = data;
      s.timer = data.timer;
      if (fresh) {
        s.lastPos = null;
        s.shownStep = -1;
        s.shownSetup = "";
        el.keys.textContent = data.key_hint;
        const select = root.querySelector('[data-pref="breath"]');
        select.replaceChildren(
          ...Object.entries(data.breath).map(([id, pattern]) => {
            const option = document.createElement("option");
            option.value = id;
            option.textContent = pattern.name;
            return option;
          }),
        );
        if (!data.breath[s.prefs.breath]) s.prefs.breath = data.default_breath;
        // The page just changed under the person: put focus on the main control, so
        // Space works at once and Tab starts from the session, not the top of the page.
        // The page may still be scrolled to where the ratings were: bring the runner's top
        // into view, so the countdown, the main control and the stop show together.
        window.requestAnimationFrame(() => {
          root.querySelector(".runner").scrollIntoView({ block: "start" });
          el.primary.focus({ preventScroll: true });
        });
      }
      const t = data.timer;
      const now = nowSeconds();
      if (t.jump_at !== null && t.jump_at !== s.lastJumpAt) {
        s.lastJumpAt = t.jump_at;
        // A fresh jump sounds the cue where it landed; an old one (a reload) stays quiet.
        if (now - t.jump_at < JUMP_FRESH_SECONDS) s.lastPos = t.jump_offset - 0.001;
      }
      if (t.state !== "running") s.doneSentAt = 0;
    }
    prefInputs.forEach((input) => {
      const value = s.prefs[input.getAttribute("data-pref")];
      if (input.type === "checkbox") input.checked = Boolean(value);
      else input.value = String(value);
    });
    listen();
    loadVoices();
    tick();
  }

  return { update, stop };
}

export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  let runner = instances.get(parentElement);
  if (!runner) {
    runner = createRunner(parentElement);
    instances.set(parentElement, runner);
  }
  if (data && data.json) runner.update(data.json, setTriggerValue);
  return () => runner.stop();
}
