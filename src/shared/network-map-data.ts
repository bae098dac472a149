/**
 * What the network map's island is sent (`/api/v1/network/graph`): kept small for 30,000
 * organisations, as parallel arrays rather than an object per node. One shape for the server
 * that builds it and the browser that draws it.
 */
export interface MapData {
  asOf: string;
  nodes: {
    id: number[];
    key: string[];
    label: string[];
    kind: string[];
    x: number[];
    y: number[];
    size: number[];
    inScope: boolean[];
  };
  edges: { source: number[]; target: number[]; type: string[] };
}
