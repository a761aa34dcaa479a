// Parameters of Epstein's civil violence model (Epstein 2002, PNAS 99 suppl. 3), Models I and II.
//
// Every point the paper leaves open is a named parameter, so that every run's manifest records it. The defaults
// follow the authors' own Ascape code for the paper's Model I run 2 (oroborous/ascape,
// src/main/java/edu/brook/cv/paper/CVModelIRun2.java on CVModel.java): see docs/MODEL-epstein.md for where each
// default and each preset value comes from.
//
// `.meta()` sits after `.default()` on purpose: describeParams reads the description from the outermost wrapper.
import { z } from 'zod';

const share = (description: string, dflt: number) =>
  z.number().min(0).max(1).default(dflt).meta({ description, unit: 'share' });

const legitimacyDrop = z
  .object({
    atStep: z.number().int().min(1).max(1_000_000).default(1).meta({
      description: 'step at which the scheduled fall in legitimacy begins (steps count from 1)',
      unit: 'step',
    }),
    amount: z.number().min(0).max(1).default(0).meta({
      description: 'total fall in legitimacy (subtracted from every group; legitimacy is floored at 0)',
      unit: 'legitimacy',
    }),
    overSteps: z.number().int().min(1).max(1_000_000).default(1).meta({
      description: 'steps over which the fall is spread in equal parts (1: all at once)',
      unit: 'step',
    }),
  })
  .prefault({});

const model2 = z
  .object({
    groupAShare: share('Model II: chance that an initial citizen belongs to group A (else group B)', 0.5),
    legitimacyA: share("Model II: legitimacy of group B in the eyes of group A (A's grievance is H(1 - this))", 0.8),
    legitimacyB: share("Model II: legitimacy of group A in the eyes of group B (B's grievance is H(1 - this))", 0.8),
    maxAgeSteps: z.number().int().min(1).max(1_000_000).default(200).meta({
      description: 'Model II: a citizen dies when its age exceeds this; initial ages are uniform on 0..this',
      unit: 'step',
      source: 'Ascape CVModelII.java: deathAge = 200',
    }),
    birthProbability: z.number().min(0).max(1).default(0.05).meta({
      description:
        'Model II: chance per step that a free citizen puts one offspring on an empty cell within birthRadius',
      unit: 'probability per step',
      source: 'Ascape CVModelII.java: fissionProbability = .05',
    }),
    birthRadius: z.number().int().min(1).max(50).default(1).meta({
      description: 'Model II: radius (of the chosen neighbourhood kind) within which an offspring is placed',
      unit: 'cells',
    }),
    offspringTraits: z.enum(['inherit', 'redraw']).default('inherit').meta({
      description: "Model II: offspring copy the parent's hardship and risk aversion, or draw new ones from U(0,1)",
      unit: '',
    }),
    activeNeedsTarget: z.boolean().default(true).meta({
      description: 'Model II: a citizen only turns active when a member of the other group is in its vision',
      unit: '',
    }),
    killerMovesToVictim: z.boolean().default(true).meta({
      description: "Model II: after a killing the killer moves onto the victim's cell",
      unit: '',
    }),
    arrestEstimateActives: z.enum(['all', 'ownGroup']).default('all').meta({
      description: 'Model II: which actives in vision count in A of the arrest estimate (all, or own group only)',
      unit: '',
    }),
  })
  .prefault({});

export const paramsSchema = z
  .object({
    variant: z.enum(['I', 'II']).default('I').meta({
      description: 'I: rebellion against a central authority; II: violence between two groups, cops as peacekeepers',
      unit: '',
    }),
    steps: z.number().int().min(1).max(1_000_000).default(500).meta({
      description: 'number of steps simulated (series have steps + 1 entries, from the initial state)',
      unit: 'step',
    }),
    width: z.number().int().min(3).max(4096).default(40).meta({ description: 'torus width', unit: 'cells' }),
    height: z.number().int().min(3).max(4096).default(40).meta({ description: 'torus height', unit: 'cells' }),
    citizenDensity: share('initial citizens per cell', 0.7),
    copDensity: share('cops per cell', 0.04),
    placement: z
      .enum(['exactCount', 'perCell'])
      .default('exactCount')
      .meta({
        description:
          'exactCount: round(density x cells) agents of each kind on distinct random cells (NetLogo); ' +
          'perCell: each cell draws citizen / cop / empty independently (Mesa)',
        unit: '',
      }),
    citizenVision: z.number().int().min(1).max(50).default(7).meta({
      description: 'radius of what a citizen sees (v); also the radius of its moves',
      unit: 'cells',
    }),
    copVision: z.number().int().min(1).max(50).default(7).meta({
      description: 'radius of what a cop sees (v*); also the radius of its moves',
      unit: 'cells',
    }),
    neighbourhood: z.enum(['vonNeumann', 'moore', 'disk']).default('moore').meta({
      description: 'shape of vision: vonNeumann diamond (Mesa 3.x), moore square (Ascape), Euclidean disk (NetLogo)',
      unit: '',
    }),
    visionIncludesOwnCell: z.boolean().default(false).meta({
      description: "whether an agent's own cell is part of its vision (NetLogo's in-radius includes it)",
      unit: '',
    }),
    legitimacy: share('Model I: legitimacy of the central authority, L (grievance G = H(1 - L))', 0.82),
    threshold: z.number().min(0).max(1).default(0.1).meta({
      description: 'T: a citizen is active when G - N > T',
      unit: 'grievance',
    }),
    arrestConstant: z.number().min(0).max(100).default(2.3).meta({
      description: 'k in the estimated arrest probability P = 1 - exp(-k (C/A))',
      unit: '1',
    }),
    caRule: z
      .enum(['none', 'floor', 'round'])
      .default('floor')
      .meta({
        description:
          'how C/A enters P: as is (the paper as printed), floor (NetLogo; Ascape integer division), ' +
          "round (Mesa 3.x; Python's round, half to even)",
        unit: '',
      }),
    movement: z.boolean().default(true).meta({
      description: 'whether citizens move (cops always move)',
      unit: '',
    }),
    movePhase: z.enum(['beforeAction', 'afterAction']).default('beforeAction').meta({
      description: 'whether an agent moves before it decides / arrests (NetLogo) or after (Mesa)',
      unit: '',
    }),
    jailMax: z.number().int().min(0).max(1_000_000_000).default(30).meta({
      description: 'Jmax: jail terms are drawn uniformly from 0..Jmax (see jailDraw)',
      unit: 'step',
    }),
    jailDraw: z.enum(['inclusive', 'exclusive']).default('inclusive').meta({
      description:
        'inclusive: terms in 0..Jmax (Mesa randint, Ascape randomInRange); exclusive: 0..Jmax-1 (NetLogo random)',
      unit: '',
    }),
    jailCountdown: z
      .enum(['onActivation', 'endOfStep'])
      .default('onActivation')
      .meta({
        description:
          'onActivation: a jailed citizen spends its own turn serving one step and acts on the turn its term is 0 ' +
          '(Mesa); endOfStep: every term falls by one after all agents acted, release at 0 (NetLogo)',
        unit: '',
      }),
    jailedPlacement: z
      .enum(['removed', 'stay', 'transparent'])
      .default('removed')
      .meta({
        description:
          'removed: the jailed leave the lattice (Ascape); stay: they keep and block their cell (Mesa); ' +
          'transparent: they keep their cell but others may enter it (NetLogo)',
        unit: '',
      }),
    releaseSite: z
      .enum(['nearHome', 'random'])
      .default('nearHome')
      .meta({
        description:
          'with jailedPlacement removed: a released citizen goes to the nearest empty cell to where it was arrested ' +
          '(Ascape) or to a random empty cell',
        unit: '',
      }),
    copFollowsArrest: z.boolean().default(true).meta({
      description:
        "whether a cop moves onto the arrestee's cell (NetLogo, Ascape); not allowed with jailedPlacement stay",
      unit: '',
    }),
    outburstThreshold: share(
      'an outburst starts at a step whose active share of citizens exceeds this after a step at or below it',
      0.05,
    ),
    legitimacyDrop,
    model2,
  })
  .superRefine((p, ctx) => {
    if (p.citizenDensity + p.copDensity > 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['copDensity'],
        message: `citizenDensity + copDensity must be at most 1 (citizenDensity is ${p.citizenDensity})`,
      });
    }
    const maxRadius = Math.floor((Math.min(p.width, p.height) - 1) / 2);
    for (const key of ['citizenVision', 'copVision'] as const) {
      if (p[key] > maxRadius) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `must be at most ${maxRadius} on a ${p.width} x ${p.height} torus (a larger vision wraps onto itself)`,
        });
      }
    }
    if (p.model2.birthRadius > maxRadius) {
      ctx.addIssue({
        code: 'custom',
        path: ['model2', 'birthRadius'],
        message: `must be at most ${maxRadius} on a ${p.width} x ${p.height} torus`,
      });
    }
    if (p.copFollowsArrest && p.jailedPlacement === 'stay') {
      ctx.addIssue({
        code: 'custom',
        path: ['copFollowsArrest'],
        message: "must be false with jailedPlacement stay (the jailed citizen still occupies the arrestee's cell)",
      });
    }
  });

export type EpsteinParams = z.output<typeof paramsSchema>;
