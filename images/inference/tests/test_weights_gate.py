import asyncio

from murphy_inference.weights_gate import WeightsGate


def test_generations_share_the_gate_and_a_load_waits_for_them_then_holds_back_new_ones() -> None:
    async def scenario() -> list[str]:
        gate, events = WeightsGate(), []
        release = asyncio.Event()

        async def generate(name: str, hold: bool) -> None:
            async with gate.generating():
                events.append(f"{name} start")
                if hold:
                    await release.wait()
                events.append(f"{name} end")

        async def load() -> None:
            async with gate.loading():
                events.append("load")

        first = asyncio.create_task(generate("a", hold=True))
        second = asyncio.create_task(generate("b", hold=True))
        await asyncio.sleep(0.01)
        loading = asyncio.create_task(load())
        await asyncio.sleep(0.01)
        late = asyncio.create_task(generate("c", hold=False))
        await asyncio.sleep(0.01)
        assert events == ["a start", "b start"]  # the load waits, and so does c behind it
        release.set()
        await asyncio.gather(first, second, loading, late)
        return events

    events = asyncio.run(scenario())
    assert events.index("load") > max(events.index("a end"), events.index("b end"))
    assert events.index("c start") > events.index("load")
