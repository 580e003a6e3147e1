import { getProject, getStack } from "@pulumi/pulumi";
import { MockMonitor, type Mocks } from "@pulumi/pulumi/runtime/mocks";
import { duplicateUrnMessage, engineUrn } from "../../model/urn";

/** One registration as the engine would receive it. */
export interface CapturedResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parent?: string;
  /** Explicit `dependsOn` plus every URN that property dependencies name. */
  dependsOn: string[];
  /** Inputs as serialized for the engine: secret values still carry Pulumi's secret marker. */
  inputs: Record<string, unknown>;
  /** The `import` resource option: the id of an existing resource `pulumi up` adopts. Absent when none. */
  importId?: string;
}

export interface RegistrationFailure {
  type: string;
  name: string;
  message: string;
}

interface StructLike { toJavaScript(): Record<string, unknown> }
interface UrnList { getUrnsList(): string[] }
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): StructLike | undefined;
  getDependenciesList(): string[];
  getImportid(): string;
  getPropertydependenciesMap(): { forEach(cb: (value: UrnList, key: string) => void): void };
}
interface RegisterResponse { getUrn(): string }
type Callback = (err: unknown, response: RegisterResponse | undefined) => void;
interface InvokeRequest { getTok(): string }
type InvokeCallback = (err: unknown, response: unknown) => void;

/** What an RPC failed with, as text (the SDK passes Errors; anything else is shown as JSON). */
function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === "string" ? err : JSON.stringify(err) ?? "unknown error";
}

/**
 * A mock monitor that also records the resource graph (parents, dependencies, serialized inputs) and every
 * failed registration — what `setMocks` alone does not pass on — and gives each resource the URN the engine would.
 */
export class CaptureMonitor extends MockMonitor {
  readonly captured: CapturedResource[] = [];
  readonly failures: RegistrationFailure[] = [];

  /** Called after each successful registration with the running count (progress on long plans). */
  constructor(mocks: Mocks, private readonly onRegistered?: (count: number) => void) {
    super(mocks);
    // URNs as the engine builds them (./urn.ts engineUrn: pulumi/pulumi sdk/go/common/resource/urn.go NewURN,
    // pkg/resource/deploy/deployment.go generateURN; @pulumi/pulumi@3.248.0:resource.js createUrn): the parent's whole
    // qualified type, the root stack left out. MockMonitor.newUrn (@pulumi/pulumi@3.248.0:runtime/mocks.js) keeps only
    // the parent's last type, so a waiver copied from a plan matched offline and never under `pulumi preview` (issue 12).
    // MockMonitor declares newUrn private, which TypeScript lets no subclass override: this instance property shadows
    // it, and MockMonitor's registerResource and readResource call this.newUrn (test/hostile/urn-waivers.test.ts
    // fails if an SDK upgrade stops doing so).
    Object.defineProperty(this, "newUrn", { value: this.engineUrnOf });
  }

  private readonly engineUrnOf = (parent: string | undefined, type: string, name: string): string => engineUrn(getStack(), getProject(), parent, type, name);
  /** Every URN registered so far: the engine refuses a second registration of one. */
  private readonly urns = new Set<string>();

  /** Number of registrations and invokes that have settled, either way: progress the runner watches. */
  get settled(): number {
    return this.captured.length + this.failures.length + this.invokes;
  }

  private invokes = 0;

  override async invoke(req: InvokeRequest, callback: InvokeCallback): Promise<void> {
    return super.invoke(req, (err: unknown, response: unknown) => {
      this.invokes++;
      if (err) this.failures.push({ type: req.getTok(), name: "(invoke)", message: messageOf(err) });
      callback(err, response);
    });
  }

  override async registerResource(req: RegisterRequest, callback: Callback): Promise<void> {
    const dependsOn = new Set(req.getDependenciesList());
    req.getPropertydependenciesMap().forEach((value) => value.getUrnsList().forEach((urn) => dependsOn.add(urn)));
    const base = {
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      parent: req.getParent() || undefined,
      dependsOn: [...dependsOn],
      inputs: req.getObject()?.toJavaScript() ?? {},
      ...(req.getImportid() ? { importId: req.getImportid() } : {}),
    };
    const urn = this.engineUrnOf(base.parent, base.type, base.name);
    if (this.urns.has(urn)) {
      const message = duplicateUrnMessage(urn);
      this.failures.push({ type: base.type, name: base.name, message });
      callback(new Error(message), undefined);
      return;
    }
    this.urns.add(urn);
    return super.registerResource(req, (err: unknown, response: RegisterResponse | undefined) => {
      if (err || !response) {
        this.failures.push({ type: base.type, name: base.name, message: messageOf(err) });
      } else {
        this.captured.push({ urn: response.getUrn(), ...base });
        this.onRegistered?.(this.captured.length);
      }
      callback(err, response);
    });
  }
}
