<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>AlarmBanner</name>
    <message>
        <location filename="../../widgets/alarm_banner.py" line="98"/>
        <source>Silence</source>
        <translation>경보음 정지</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_banner.py" line="102"/>
        <location filename="../../widgets/alarm_banner.py" line="146"/>
        <source>Silence the alarm horn until the next new alarm</source>
        <translation>다음 새 알람이 올 때까지 경보음을 끕니다</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_banner.py" line="117"/>
        <source>No active alarms</source>
        <translation>활성 알람 없음</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_banner.py" line="142"/>
        <source>♪ Silence</source>
        <translation>♪ 경보음 정지</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_banner.py" line="142"/>
        <source>Silenced</source>
        <translation>경보음 꺼짐</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_banner.py" line="166"/>
        <source>✔ NO ALARMS</source>
        <translation>✔ 알람 없음</translation>
    </message>
</context>
<context>
    <name>AlarmState</name>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="37"/>
        <source>Normal</source>
        <extracomment>alarm state -&gt; words for screens (never the enum name alone); shown through :func:`state_word`</extracomment>
        <translation>정상</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="38"/>
        <source>UNACK ACTIVE</source>
        <translation>미확인 발생</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="39"/>
        <source>ACK ACTIVE</source>
        <translation>확인 발생</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="40"/>
        <source>UNACK CLEARED</source>
        <translation>미확인 해제</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="41"/>
        <source>Shelved</source>
        <translation>보류됨</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="42"/>
        <source>Suppressed (by design)</source>
        <translation>억제됨(설계상)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="43"/>
        <source>Out of service</source>
        <translation>서비스 제외</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="59"/>
        <source>ACK - latched, reset needed</source>
        <translation>확인 - 래치됨, 리셋 필요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="63"/>
        <source>Shelved until {0} by {1}</source>
        <translation>{0}까지 보류 ({1})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="64"/>
        <source>Shelved until {0}</source>
        <translation>{0}까지 보류</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="72"/>
        <source>ON</source>
        <translation>ON</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="72"/>
        <source>OFF</source>
        <translation>OFF</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="86"/>
        <source>no answer</source>
        <translation>응답 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="88"/>
        <source>no data</source>
        <translation>데이터 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="90"/>
        <source>{0} (rate limit {1}/min)</source>
        <translation>{0} (변화율 한계 {1}/분)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="92"/>
        <source>{0} (alarm state {1})</source>
        <translation>{0} (알람 상태 {1})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="93"/>
        <source>limit</source>
        <translation>한계</translation>
    </message>
</context>
<context>
    <name>AlarmTableModel</name>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="29"/>
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="29"/>
        <source>Raised</source>
        <translation>발생</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="30"/>
        <source>Equipment</source>
        <translation>설비</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="30"/>
        <source>Tag</source>
        <translation>태그</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="31"/>
        <source>Message</source>
        <translation>메시지</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="31"/>
        <source>Value / limit</source>
        <translation>값 / 한계</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="32"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="102"/>
        <source>communication</source>
        <translation>통신</translation>
    </message>
</context>
<context>
    <name>AlarmsPage</name>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="37"/>
        <source>Annunciated</source>
        <extracomment>state filter name -&gt; states shown (None: every configured alarm)</extracomment>
        <translation>표시 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="38"/>
        <source>Unacknowledged</source>
        <translation>미확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="39"/>
        <source>Shelved</source>
        <translation>보류됨</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="40"/>
        <source>Out of service</source>
        <translation>서비스 제외</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="41"/>
        <source>Suppressed by design</source>
        <translation>설계상 억제</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="42"/>
        <source>All configured</source>
        <translation>설정된 전체</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="45"/>
        <source>15 min</source>
        <extracomment>shelving durations offered (label, seconds)</extracomment>
        <translation>15분</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="45"/>
        <source>30 min</source>
        <translation>30분</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="46"/>
        <source>1 h</source>
        <translation>1시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="46"/>
        <source>2 h</source>
        <translation>2시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="47"/>
        <source>4 h</source>
        <translation>4시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="47"/>
        <source>8 h</source>
        <translation>8시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="48"/>
        <source>12 h</source>
        <translation>12시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="48"/>
        <source>24 h</source>
        <translation>24시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="230"/>
        <source>Dismiss</source>
        <translation>닫기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="241"/>
        <source>All equipment</source>
        <translation>전체 설비</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="243"/>
        <source>All priorities</source>
        <translation>전체 우선순위</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="250"/>
        <source>Equipment</source>
        <translation>설비</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="250"/>
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="251"/>
        <source>Show</source>
        <translation>표시</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="282"/>
        <location filename="../../hmi/ui/pages/alarms.py" line="434"/>
        <source>Select an alarm</source>
        <translation>알람을 선택하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="294"/>
        <source>Comment (optional)</source>
        <translation>코멘트 (선택)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="295"/>
        <source>Acknowledge</source>
        <translation>확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="296"/>
        <source>Acknowledge all shown</source>
        <translation>표시된 알람 모두 확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="297"/>
        <source>Shelve…</source>
        <translation>보류…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="298"/>
        <source>Unshelve</source>
        <translation>보류 해제</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="299"/>
        <source>Out of service…</source>
        <translation>서비스 제외…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="300"/>
        <source>Return to service</source>
        <translation>서비스 복귀</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="301"/>
        <source>Reset latched</source>
        <translation>래치 리셋</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="396"/>
        <source>{0} shown, {1} unacknowledged</source>
        <translation>{0}건 표시, 미확인 {1}건</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="401"/>
        <source>✔ No alarms ({0}) for this filter.</source>
        <translation>✔ 이 필터에 해당하는 알람({0})이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="403"/>
        <source>No alarms: {0}, for this filter.</source>
        <translation>이 필터에 해당하는 알람 없음: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="435"/>
        <source>Cause and corrective action of the selected alarm are shown here.</source>
        <translation>선택한 알람의 원인과 조치 방법이 여기에 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="442"/>
        <source>&lt;b&gt;State:&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;상태:&lt;/b&gt; {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="443"/>
        <source>&lt;b&gt;Equipment:&lt;/b&gt; {0} &amp;nbsp; &lt;b&gt;Alarm:&lt;/b&gt; {1}</source>
        <translation>&lt;b&gt;설비:&lt;/b&gt; {0} &amp;nbsp; &lt;b&gt;알람:&lt;/b&gt; {1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="444"/>
        <source>&lt;b&gt;Value:&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;값:&lt;/b&gt; {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="445"/>
        <source>&lt;b&gt;Raised:&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;발생:&lt;/b&gt; {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="448"/>
        <source>&lt;b&gt;Acknowledged:&lt;/b&gt; {0} by {1}</source>
        <translation>&lt;b&gt;확인:&lt;/b&gt; {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="450"/>
        <source>&lt;b&gt;Reason:&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;사유:&lt;/b&gt; {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="452"/>
        <source>&lt;b&gt;Latching:&lt;/b&gt; </source>
        <translation>&lt;b&gt;래치:&lt;/b&gt; </translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="452"/>
        <source>reset needed (condition gone)</source>
        <translation>리셋 필요 (조건 해소됨)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="453"/>
        <source>latched, condition still active</source>
        <translation>래치됨, 조건 계속 발생 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="454"/>
        <source>yes</source>
        <translation>예</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="455"/>
        <source>&lt;br&gt;&lt;b&gt;Cause&lt;/b&gt;&lt;br&gt;{0}</source>
        <translation>&lt;br&gt;&lt;b&gt;원인&lt;/b&gt;&lt;br&gt;{0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="455"/>
        <location filename="../../hmi/ui/pages/alarms.py" line="456"/>
        <source>(not documented)</source>
        <translation>(기록 없음)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="456"/>
        <source>&lt;br&gt;&lt;b&gt;Corrective action&lt;/b&gt;&lt;br&gt;{0}</source>
        <translation>&lt;br&gt;&lt;b&gt;조치 방법&lt;/b&gt;&lt;br&gt;{0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="475"/>
        <source>no user database on this station: alarm actions are not possible</source>
        <translation>이 스테이션에 사용자 DB가 없어 알람 조작을 할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="478"/>
        <source>needs {0}</source>
        <translation>필요 권한: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="478"/>
        <source>; log in first</source>
        <translation>; 먼저 로그인하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="500"/>
        <source>No user database on this station: alarm actions are not possible.</source>
        <translation>이 스테이션에 사용자 DB가 없어 알람 조작을 할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="523"/>
        <source>{0} failed: {1}</source>
        <translation>{0} 실패: {1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="542"/>
        <source>Acknowledged: {0}</source>
        <translation>확인됨: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="543"/>
        <source>Nothing to acknowledge</source>
        <translation>확인할 알람 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="548"/>
        <source>Nothing to acknowledge in the alarms shown.</source>
        <translation>표시된 알람 중 확인할 것이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="553"/>
        <source>Acknowledged 1 alarm</source>
        <translation>알람 1건 확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="554"/>
        <source>Acknowledged {0} alarms</source>
        <translation>알람 {0}건 확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="566"/>
        <source>Shelve alarm</source>
        <translation>알람 보류</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="566"/>
        <source>Shelve “{0}”? It is hidden from the summary and the banner until the time runs out.</source>
        <translation>“{0}” 알람을 보류할까요? 보류 시간이 끝날 때까지 알람 목록과 배너에 표시되지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="573"/>
        <source>Shelved: {0}</source>
        <translation>보류됨: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="579"/>
        <source>Unshelved: {0}</source>
        <translation>보류 해제됨: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="586"/>
        <source>Take alarm out of service</source>
        <translation>알람 서비스 제외</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="587"/>
        <source>Take “{0}” out of service? It stays out until returned.</source>
        <translation>“{0}” 알람을 서비스에서 제외할까요? 복귀시킬 때까지 제외된 상태로 유지됩니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="593"/>
        <source>Out of service: {0}</source>
        <translation>서비스 제외됨: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="600"/>
        <source>Back in service: {0}</source>
        <translation>서비스 복귀됨: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="607"/>
        <source>Reset: {0}</source>
        <translation>리셋됨: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="607"/>
        <source>Nothing to reset</source>
        <translation>리셋할 알람 없음</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <location filename="../../hmi/ui/login.py" line="305"/>
        <source>First start: create the administrator</source>
        <translation>최초 시작: 관리자 계정 만들기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="309"/>
        <source>No administrator exists on this station yet. Create one now; the administrator then adds the operators, engineers and other users on the Users page.</source>
        <translation>이 스테이션에는 아직 관리자가 없습니다. 지금 관리자 계정을 만드세요. 관리자는 사용자 화면에서 작업자, 엔지니어 등 다른 사용자를 추가합니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="321"/>
        <source>optional, 4-8 digits</source>
        <translation>선택, 4~8자리 숫자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="323"/>
        <source>Administrator name</source>
        <translation>관리자 이름</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="324"/>
        <source>Password</source>
        <translation>비밀번호</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="325"/>
        <source>Repeat password</source>
        <translation>비밀번호 확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="326"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="330"/>
        <source>Create administrator</source>
        <translation>관리자 만들기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="334"/>
        <source>Later</source>
        <translation>나중에</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="356"/>
        <source>Enter the administrator&apos;s name.</source>
        <translation>관리자 이름을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="359"/>
        <source>The two passwords differ.</source>
        <translation>두 비밀번호가 다릅니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="363"/>
        <source>Creating…</source>
        <translation>만드는 중…</translation>
    </message>
</context>
<context>
    <name>HealthTile</name>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="91"/>
        <source>Health 0-100: 50 at the anomaly threshold, 0 at a trip limit; arrow = trend</source>
        <translation>건전성 0~100: 이상 임계값에서 50, 트립 한계에서 0, 화살표 = 추세</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="111"/>
        <source>Not watched</source>
        <translation>감시 안 함</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="123"/>
        <source>ANOMALY since {0}</source>
        <translation>{0}부터 이상 감지</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="125"/>
        <source>Contributing sensors: {0}</source>
        <translation>주요 원인 센서: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="127"/>
        <source>Learning normal running … {0} %</source>
        <translation>정상 운전 학습 중 … {0} %</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="131"/>
        <source>Waiting for data</source>
        <translation>데이터 대기 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="135"/>
        <source>Normal</source>
        <translation>정상</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="141"/>
        <source>At the limit now: </source>
        <translation>현재 한계 도달: </translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="144"/>
        <source>No value trending towards an alarm limit</source>
        <translation>알람 한계로 향하는 값 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="149"/>
        <source>Recommended: {0}</source>
        <translation>권장 조치: {0}</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <location filename="../../widgets/image_viewer.py" line="162"/>
        <source>Auto</source>
        <translation>자동</translation>
    </message>
    <message>
        <location filename="../../widgets/image_viewer.py" line="163"/>
        <source>Window/level from the 1st..99th percentile</source>
        <translation>1~99 백분위수로 윈도/레벨 자동 설정</translation>
    </message>
    <message>
        <location filename="../../widgets/image_viewer.py" line="165"/>
        <source>Fit</source>
        <translation>맞춤</translation>
    </message>
    <message>
        <location filename="../../widgets/image_viewer.py" line="167"/>
        <source>Heatmap</source>
        <translation>히트맵</translation>
    </message>
    <message>
        <location filename="../../widgets/image_viewer.py" line="176"/>
        <source>Outline</source>
        <translation>윤곽선</translation>
    </message>
    <message>
        <location filename="../../widgets/image_viewer.py" line="182"/>
        <source>Window</source>
        <translation>윈도</translation>
    </message>
    <message>
        <location filename="../../widgets/image_viewer.py" line="182"/>
        <source>Level</source>
        <translation>레벨</translation>
    </message>
    <message>
        <location filename="../../widgets/image_viewer.py" line="191"/>
        <source>Opacity</source>
        <translation>불투명도</translation>
    </message>
    <message>
        <location filename="../../widgets/image_viewer.py" line="213"/>
        <source>no image</source>
        <translation>이미지 없음</translation>
    </message>
    <message>
        <location filename="../../widgets/image_viewer.py" line="385"/>
        <source>x {0}  y {1}  value {2}</source>
        <translation>x {0}  y {1}  값 {2}</translation>
    </message>
    <message>
        <location filename="../../widgets/image_viewer.py" line="389"/>
        <source>AI {0}</source>
        <translation>AI {0}</translation>
    </message>
</context>
<context>
    <name>InspectionPage</name>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="33"/>
        <source>Captured</source>
        <translation>촬영</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="33"/>
        <source>Part</source>
        <translation>부품</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="34"/>
        <location filename="../../hmi/ui/pages/inspection.py" line="144"/>
        <source>Station</source>
        <translation>스테이션</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="34"/>
        <source>AI verdict</source>
        <translation>AI 판정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="35"/>
        <source>Score</source>
        <translation>점수</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="35"/>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="36"/>
        <source>Review</source>
        <translation>검토</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="37"/>
        <source>All verdicts</source>
        <translation>전체 판정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="38"/>
        <source>- reason code (required to override) -</source>
        <translation>- 사유 코드 (판정 변경 시 필수) -</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="47"/>
        <source>ERROR</source>
        <translation>오류</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="53"/>
        <source>pending</source>
        <translation>검토 대기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="55"/>
        <source>accepted ({0}) by {1}</source>
        <translation>{1} 승인 ({0})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="57"/>
        <source>decided {0} by {1}</source>
        <translation>{1} 판정 {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="58"/>
        <source>overridden to {0} by {1}</source>
        <translation>{1} 판정 변경 → {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="127"/>
        <source>Pending only</source>
        <translation>검토 대기만</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="136"/>
        <location filename="../../hmi/ui/pages/inspection.py" line="325"/>
        <source>All stations</source>
        <translation>전체 스테이션</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="137"/>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="142"/>
        <source>Verdict</source>
        <translation>판정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="169"/>
        <source>Review statistics (parts of the last {0} days)</source>
        <translation>검토 통계 (최근 {0}일 부품)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="172"/>
        <source>AI-inspector agreement: ---</source>
        <translation>AI-검사원 일치율: ---</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="190"/>
        <source>Select a part in the queue</source>
        <translation>대기열에서 부품을 선택하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="202"/>
        <location filename="../../hmi/ui/pages/inspection.py" line="474"/>
        <source>Accept AI verdict</source>
        <translation>AI 판정 승인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="204"/>
        <location filename="../../hmi/ui/pages/inspection.py" line="475"/>
        <source>Override to OK</source>
        <translation>OK로 변경</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="206"/>
        <location filename="../../hmi/ui/pages/inspection.py" line="476"/>
        <source>Override to NG</source>
        <translation>NG로 변경</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="219"/>
        <source>comment (optional; required for &apos;other&apos;)</source>
        <translation>코멘트 (선택, &apos;기타&apos;는 필수)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="220"/>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="222"/>
        <source>Comment</source>
        <translation>코멘트</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="263"/>
        <source>No plant database: inspections are not recorded</source>
        <translation>공장 DB 없음: 검사 결과가 기록되지 않습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="316"/>
        <source>Could not read the inspections: {0}</source>
        <translation>검사 결과를 읽을 수 없습니다: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="363"/>
        <source>{0} parts shown, {1} pending review</source>
        <translation>부품 {0}개 표시, 검토 대기 {1}개</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="364"/>
        <source> (newest {0})</source>
        <translation> (최근 {0}개)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="374"/>
        <source>AI-inspector agreement: --- (no reviews of ok/NG verdicts yet)</source>
        <translation>AI-검사원 일치율: --- (ok/NG 판정 검토 아직 없음)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="376"/>
        <source>AI-inspector agreement: {0} % ({1} of {2} reviews)</source>
        <translation>AI-검사원 일치율: {0} % (검토 {2}건 중 {1}건)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="381"/>
        <source>AI verdicts: NG {0}, WARN {1}, ok {2}, error {3}  |  reviewed {4} of {5}, pending {6}  |  final: ok {7}, NG {8}, WARN decided {9}</source>
        <translation>AI 판정: NG {0}, WARN {1}, ok {2}, 오류 {3}  |  검토 {5}건 중 {4}건, 대기 {6}건  |  최종: ok {7}, NG {8}, WARN 판정 {9}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="386"/>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="387"/>
        <source>Overrides per day (UTC): {0}  (total {1})</source>
        <translation>일별 판정 변경 (UTC): {0}  (합계 {1})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="431"/>
        <source>Part {0}  ·  {1}  ·  AI {2} (score {3}, model {4})  ·  {5}</source>
        <translation>부품 {0}  ·  {1}  ·  AI {2} (점수 {3}, 모델 {4})  ·  {5}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="435"/>
        <source>No AI verdict: {0}</source>
        <translation>AI 판정 없음: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="440"/>
        <source>loading ...</source>
        <translation>불러오는 중 ...</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="447"/>
        <source>no image</source>
        <translation>이미지 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="457"/>
        <source>image not loaded: {0}</source>
        <translation>이미지를 불러오지 못했습니다: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="469"/>
        <source>WARN and ERROR are not final verdicts: decide OK or NG with a reason</source>
        <translation>WARN과 오류는 최종 판정이 아닙니다: 사유와 함께 OK 또는 NG로 판정하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="473"/>
        <source>Accept AI verdict ({0})</source>
        <translation>AI 판정 승인 ({0})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="475"/>
        <source>Decide OK</source>
        <translation>OK 판정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="476"/>
        <source>Decide NG</source>
        <translation>NG 판정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="480"/>
        <source>Log in as inspector, engineer or admin to review</source>
        <translation>검토하려면 검사원, 엔지니어 또는 관리자로 로그인하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="482"/>
        <source>{0} &apos;{1}&apos; may not review inspections (inspector, engineer, admin)</source>
        <translation>{0} &apos;{1}&apos;은(는) 검사를 검토할 수 없습니다 (검사원, 엔지니어, 관리자)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="485"/>
        <source>Reviewing as {0} ({1})</source>
        <translation>검토자: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="499"/>
        <source>Refused: &apos;{0}&apos; is not a final verdict - decide OK or NG with a reason code</source>
        <translation>거부됨: &apos;{0}&apos;은(는) 최종 판정이 아닙니다 - 사유 코드와 함께 OK 또는 NG로 판정하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="517"/>
        <source>Saving ...</source>
        <translation>저장 중 ...</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="519"/>
        <source>Refused: log in as inspector, engineer or admin to review inspections</source>
        <translation>거부됨: 검사를 검토하려면 검사원, 엔지니어 또는 관리자로 로그인하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="535"/>
        <source>Part {0}: {1}</source>
        <translation>부품 {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="536"/>
        <source> - reason: {0}</source>
        <translation> - 사유: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="547"/>
        <location filename="../../hmi/ui/pages/inspection.py" line="549"/>
        <source>Refused: {0}</source>
        <translation>거부됨: {0}</translation>
    </message>
</context>
<context>
    <name>JournalEvent</name>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="32"/>
        <source>raised</source>
        <translation>발생</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="33"/>
        <source>cleared</source>
        <translation>해제</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="34"/>
        <source>acknowledged</source>
        <translation>확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="35"/>
        <source>shelved</source>
        <translation>보류</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="36"/>
        <source>unshelved</source>
        <translation>보류 해제</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="37"/>
        <source>suppressed</source>
        <translation>억제</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="38"/>
        <source>unsuppressed</source>
        <translation>억제 해제</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="39"/>
        <source>out of service</source>
        <translation>서비스 제외</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="40"/>
        <source>back in service</source>
        <translation>서비스 복귀</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="41"/>
        <source>reset</source>
        <translation>리셋</translation>
    </message>
</context>
<context>
    <name>JournalPage</name>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="26"/>
        <source>Last hour</source>
        <translation>최근 1시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="27"/>
        <source>Last 8 hours</source>
        <translation>최근 8시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="28"/>
        <source>Last 24 hours</source>
        <translation>최근 24시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="29"/>
        <source>Last 7 days</source>
        <translation>최근 7일</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="30"/>
        <source>Last 30 days</source>
        <translation>최근 30일</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="31"/>
        <source>Custom</source>
        <translation>직접 지정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="42"/>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="42"/>
        <location filename="../../hmi/ui/pages/journal.py" line="197"/>
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="43"/>
        <source>Equipment</source>
        <translation>설비</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="44"/>
        <source>Message</source>
        <translation>메시지</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="44"/>
        <source>Event</source>
        <translation>이벤트</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="45"/>
        <source>State after</source>
        <translation>이후 상태</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="46"/>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="46"/>
        <source>User</source>
        <translation>사용자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="47"/>
        <source>Comment</source>
        <translation>코멘트</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="48"/>
        <location filename="../../hmi/ui/pages/journal.py" line="197"/>
        <source>Alarm</source>
        <translation>알람</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="50"/>
        <source>acceptable</source>
        <extracomment>ISA-18.2 rate ratings of hmi.alarms.health.rate_rating (shown through self.tr)</extracomment>
        <translation>양호</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="50"/>
        <source>manageable</source>
        <translation>관리 가능</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="51"/>
        <source>overloaded</source>
        <translation>과부하</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="51"/>
        <source>no data</source>
        <translation>데이터 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="127"/>
        <source>All equipment</source>
        <translation>전체 설비</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="132"/>
        <source>All priorities</source>
        <translation>전체 우선순위</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="137"/>
        <source>text in message, alarm, user, comment</source>
        <translation>메시지, 알람, 사용자, 코멘트에서 검색</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="141"/>
        <source>Search</source>
        <translation>검색</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="143"/>
        <source>Export CSV…</source>
        <translation>CSV 내보내기…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="157"/>
        <source>to</source>
        <translation>~</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="186"/>
        <source>Alarm system health</source>
        <translation>알람 시스템 상태</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="197"/>
        <source>Raised</source>
        <translation>발생</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="211"/>
        <source>&lt;b&gt;Top 10 most frequent&lt;/b&gt;</source>
        <translation>&lt;b&gt;최다 발생 상위 10&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="213"/>
        <source>&lt;b&gt;Chattering&lt;/b&gt; (≥ 3 raise/clear cycles in 60 s)</source>
        <translation>&lt;b&gt;채터링&lt;/b&gt; (60초 내 발생/해제 3회 이상)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="235"/>
        <source>No database on this station: there is no alarm journal.</source>
        <translation>이 스테이션에 DB가 없어 알람 이력이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="267"/>
        <source>Searching…</source>
        <translation>검색 중…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="279"/>
        <source> (the newest {0}; narrow the search for older ones)</source>
        <translation> (최근 {0}건, 이전 기록은 검색 범위를 좁히세요)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="280"/>
        <source>1 event{0}, newest first.</source>
        <translation>이벤트 1건{0}, 최신순.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="281"/>
        <source>{0} events{1}, newest first.</source>
        <translation>이벤트 {0}건{1}, 최신순.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="282"/>
        <source>No alarm events for this search.</source>
        <translation>검색 조건에 맞는 알람 이벤트가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="291"/>
        <source>Journal search failed: {0}</source>
        <translation>이력 검색 실패: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="329"/>
        <source>No data.</source>
        <translation>데이터 없음.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="336"/>
        <source>⚠ ALARM FLOOD NOW: {0} alarms in the last {1} min (more than {2})</source>
        <translation>⚠ 알람 폭주 중: 최근 {1}분 동안 알람 {0}건 ({2}건 초과)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="342"/>
        <source>⚠ {0} flood period(s) in this range (worst: {1} alarms in {2} min from {3}); now: {4} in the last {2} min</source>
        <translation>⚠ 이 기간의 알람 폭주 {0}회 (최악: {3}부터 {2}분 동안 {1}건), 현재: 최근 {2}분 동안 {4}건</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="348"/>
        <source>✔ No flood: at most {0} alarms in any {1} min (flood: more than {2})</source>
        <translation>✔ 폭주 없음: {1}분 동안 최대 {0}건 (폭주 기준: {2}건 초과)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="352"/>
        <source>Average rate: no data ({0} raised)</source>
        <translation>평균 발생률: 데이터 없음 (발생 {0}건)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="354"/>
        <source>Average rate: &lt;b&gt;{0}&lt;/b&gt; alarms per 10 min ({1}; {2} raised in the range). Target ≤ 1 acceptable, ≤ 2 manageable.</source>
        <translation>평균 발생률: 10분당 알람 &lt;b&gt;{0}&lt;/b&gt;건 ({1}, 기간 내 발생 {2}건). 목표 ≤ 1 양호, ≤ 2 관리 가능.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="371"/>
        <source>{0}: {1} cycles in 60 s ({2} in total)</source>
        <translation>{0}: 60초 내 {1}회 (총 {2}회)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="375"/>
        <source>✔ No chattering alarm in this range.</source>
        <translation>✔ 이 기간에 채터링 알람 없음.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="384"/>
        <source>Export alarm journal</source>
        <translation>알람 이력 내보내기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="385"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="390"/>
        <source>Exporting to {0}…</source>
        <translation>{0}(으)로 내보내는 중…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="395"/>
        <source>Exported 1 event to {0}</source>
        <translation>이벤트 1건을 {0}(으)로 내보냈습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="396"/>
        <source>Exported {0} events to {1}</source>
        <translation>이벤트 {0}건을 {1}(으)로 내보냈습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="401"/>
        <source>Export failed: {0}</source>
        <translation>내보내기 실패: {0}</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <location filename="../../widgets/keypad.py" line="59"/>
        <source>OK</source>
        <translation>확인</translation>
    </message>
    <message>
        <location filename="../../widgets/keypad.py" line="72"/>
        <source>Delete the last character</source>
        <translation>마지막 글자 지우기</translation>
    </message>
    <message>
        <location filename="../../widgets/keypad.py" line="72"/>
        <source>Clear</source>
        <translation>지우기</translation>
    </message>
    <message>
        <location filename="../../widgets/keypad.py" line="73"/>
        <source>Change the sign</source>
        <translation>부호 바꾸기</translation>
    </message>
    <message>
        <location filename="../../widgets/keypad.py" line="73"/>
        <source>Confirm</source>
        <translation>확정</translation>
    </message>
</context>
<context>
    <name>KpiPage</name>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="56"/>
        <source>Availability</source>
        <extracomment>KPIs offered in the trend selector</extracomment>
        <translation>가동률</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="57"/>
        <source>Performance</source>
        <translation>성능</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="58"/>
        <source>Quality</source>
        <translation>품질</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="59"/>
        <source>OEE</source>
        <translation>OEE</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="60"/>
        <source>Units per hour</source>
        <translation>시간당 생산 수</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="61"/>
        <source>Output (good per hour)</source>
        <translation>생산량 (시간당 양품)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="62"/>
        <source>Defects per hour</source>
        <translation>시간당 불량 수</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="63"/>
        <source>Defect rate</source>
        <translation>불량률</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="64"/>
        <source>Man-hours per unit</source>
        <translation>개당 공수</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="65"/>
        <source>MTBF</source>
        <translation>MTBF</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="66"/>
        <source>MTTR</source>
        <translation>MTTR</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="67"/>
        <source>Return rate</source>
        <translation>반품률</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="68"/>
        <source>Trace coverage</source>
        <translation>추적률</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="86"/>
        <source>not configured</source>
        <translation>미설정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="88"/>
        <source>not defined</source>
        <translation>미정의</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="122"/>
        <source>{0} min</source>
        <translation>{0}분</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="184"/>
        <source>minutes</source>
        <translation>분</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="234"/>
        <source>Current shift</source>
        <translation>현재 교대</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="235"/>
        <source>Today (production day)</source>
        <translation>오늘 (생산일 기준)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="236"/>
        <source>Last 7 days</source>
        <translation>최근 7일</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="239"/>
        <source>Report…</source>
        <translation>보고서…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="241"/>
        <source>Write the shift report of this period as PDF and CSV</source>
        <translation>이 기간의 교대 보고서를 PDF와 CSV로 저장</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="244"/>
        <location filename="../../hmi/ui/pages/kpi.py" line="303"/>
        <location filename="../../hmi/ui/pages/kpi.py" line="567"/>
        <source>Line</source>
        <translation>라인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="247"/>
        <source>Period</source>
        <translation>기간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="267"/>
        <source>target</source>
        <translation>목표</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="273"/>
        <source>Trend</source>
        <translation>트렌드</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="282"/>
        <location filename="../../hmi/ui/pages/kpi.py" line="303"/>
        <location filename="../../hmi/ui/pages/kpi.py" line="567"/>
        <source>KPI</source>
        <translation>KPI</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="282"/>
        <location filename="../../hmi/ui/pages/kpi.py" line="376"/>
        <source>Unit</source>
        <translation>단위</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="282"/>
        <source>Baseline</source>
        <translation>기준</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="282"/>
        <source>Target</source>
        <translation>목표</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="283"/>
        <source>Weight</source>
        <translation>가중치</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="283"/>
        <source>Actual</source>
        <translation>실적</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="283"/>
        <source>Achievement</source>
        <translation>달성률</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="288"/>
        <source>Targets (configuration)</source>
        <translation>목표 (설정)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="297"/>
        <source>Downtime Pareto (all machines)</source>
        <translation>비가동 파레토 (전체 설비)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="306"/>
        <source>All KPIs: line (its output machine) and each machine</source>
        <translation>전체 KPI: 라인(출력 설비 기준)과 설비별</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="323"/>
        <source>Machine</source>
        <translation>설비</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="323"/>
        <source>From</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="323"/>
        <source>Duration</source>
        <translation>지속 시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="324"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="324"/>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="332"/>
        <source>comment (optional)</source>
        <translation>코멘트 (선택)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="333"/>
        <source>Book reason</source>
        <translation>사유 등록</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="336"/>
        <source>Stops: pick one, then its reason</source>
        <translation>정지: 항목 선택 후 사유 지정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="347"/>
        <source>Production note</source>
        <translation>생산 메모</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="348"/>
        <source>Material receipt</source>
        <translation>자재 입고</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="349"/>
        <source>Returns of a month</source>
        <translation>월간 반품</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="370"/>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="373"/>
        <source>Material</source>
        <translation>자재</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="374"/>
        <source>Lot</source>
        <translation>로트</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="375"/>
        <source>Quantity</source>
        <translation>수량</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="379"/>
        <source>Month (YYYY-MM)</source>
        <translation>월 (YYYY-MM)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="384"/>
        <source>Returned</source>
        <translation>반품</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="385"/>
        <source>Shipped</source>
        <translation>출하</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="389"/>
        <source>Add to shift log</source>
        <translation>교대 일지에 추가</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="394"/>
        <source>New entry</source>
        <translation>새 항목</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="403"/>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="403"/>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="403"/>
        <source>Entry</source>
        <translation>내용</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="403"/>
        <source>By</source>
        <translation>작성자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="405"/>
        <source>Shift log of the period</source>
        <translation>기간 내 교대 일지</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="418"/>
        <source>KPIs</source>
        <translation>KPI</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="419"/>
        <source>Shift log</source>
        <translation>교대 일지</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="437"/>
        <source>No line has a [lines.kpi] section in the plant configuration</source>
        <translation>공장 설정에 [lines.kpi] 섹션이 있는 라인이 없습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="439"/>
        <source>KPIs need the plant database</source>
        <translation>KPI 계산에는 공장 DB가 필요합니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="464"/>
        <source> (planned)</source>
        <translation> (계획)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="494"/>
        <source>Computing…</source>
        <translation>계산 중…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="504"/>
        <location filename="../../hmi/ui/pages/kpi.py" line="513"/>
        <source>KPIs not computed: {0}</source>
        <translation>KPI 계산 안 됨: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="521"/>
        <source>{0} to {1} ({2}); updated {3}</source>
        <translation>{0} ~ {1} ({2}), 갱신 {3}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="529"/>
        <source>Planned downtime (not in availability): {0}</source>
        <translation>계획 비가동 (가동률 제외): {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="559"/>
        <source>Weighted achievement: {0}</source>
        <translation>가중 달성률: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="580"/>
        <source>idle</source>
        <translation>대기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="580"/>
        <source>FAULT</source>
        <translation>고장</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="580"/>
        <source>no data</source>
        <translation>데이터 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="583"/>
        <source>— pick one</source>
        <translation>— 선택하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="612"/>
        <source>{0} points; hourly for a shift or a day, one per shift for a week</source>
        <translation>데이터 {0}개: 교대·하루는 시간별, 1주는 교대별</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="636"/>
        <location filename="../../hmi/ui/pages/kpi.py" line="652"/>
        <source>The shift log needs the plant database</source>
        <translation>교대 일지에는 공장 DB가 필요합니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="639"/>
        <source>Pick a stop first</source>
        <translation>먼저 정지 항목을 선택하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="645"/>
        <source>Reason “{0}” booked for the stop at {1}</source>
        <translation>{1} 정지에 사유 “{0}” 등록됨</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="663"/>
        <source>Added to the shift log</source>
        <translation>교대 일지에 추가됨</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="684"/>
        <source>note</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="684"/>
        <source>downtime</source>
        <translation>비가동</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="684"/>
        <source>material</source>
        <translation>자재</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="685"/>
        <source>returns</source>
        <translation>반품</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="693"/>
        <source>Folder for the shift report</source>
        <translation>교대 보고서 저장 폴더</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="701"/>
        <source>Nothing to report yet</source>
        <translation>아직 보고할 내용이 없습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="713"/>
        <source>Report written: {0}</source>
        <translation>보고서 저장됨: {0}</translation>
    </message>
</context>
<context>
    <name>KpiStrip</name>
    <message>
        <location filename="../../widgets/kpi_strip.py" line="78"/>
        <source>Achievement {0} %</source>
        <translation>달성률 {0} %</translation>
    </message>
    <message>
        <location filename="../../widgets/kpi_strip.py" line="81"/>
        <source>▼ BASELINE</source>
        <translation>▼ 기준 이하</translation>
    </message>
    <message>
        <location filename="../../widgets/kpi_strip.py" line="112"/>
        <source>Weighted achievement</source>
        <translation>가중 달성률</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../hmi/ui/login.py" line="183"/>
        <location filename="../../hmi/ui/login.py" line="198"/>
        <location filename="../../hmi/ui/login.py" line="213"/>
        <source>Log in</source>
        <translation>로그인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="196"/>
        <source>User name</source>
        <translation>사용자 이름</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="197"/>
        <location filename="../../hmi/ui/login.py" line="205"/>
        <source>Password</source>
        <translation>비밀번호</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="212"/>
        <source>PIN (4-8 digits)</source>
        <translation>PIN (4~8자리)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="220"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="226"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="236"/>
        <source>No user database on this station: nobody can log in.</source>
        <translation>이 스테이션에 사용자 DB가 없어 로그인할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="250"/>
        <source>Checking…</source>
        <translation>확인 중…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="257"/>
        <source>Enter your user name and password.</source>
        <translation>사용자 이름과 비밀번호를 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="261"/>
        <source>Wrong user name or password, or the user is disabled.</source>
        <translation>사용자 이름 또는 비밀번호가 틀렸거나 비활성화된 사용자입니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="269"/>
        <source>Type your PIN on the keypad.</source>
        <translation>키패드로 PIN을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="272"/>
        <source>Unknown PIN.</source>
        <translation>등록되지 않은 PIN입니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="288"/>
        <source>Login not possible: {0}</source>
        <translation>로그인할 수 없습니다: {0}</translation>
    </message>
</context>
<context>
    <name>MachinePanel</name>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="90"/>
        <source>never</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="157"/>
        <source>Communication: waiting for first status</source>
        <translation>통신: 첫 상태 대기 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="193"/>
        <source>NO CONNECTION since {0}{1}  (reconnects: {2})</source>
        <translation>{0}부터 연결 끊김{1}  (재연결: {2}회)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="202"/>
        <source>last error: {0}</source>
        <translation>마지막 오류: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="203"/>
        <source>Connected  ·  latency {0}  ·  reconnects {1}  ·  reads ok {2} / failed {3}</source>
        <translation>연결됨  ·  지연 {0}  ·  재연결 {1}회  ·  읽기 성공 {2} / 실패 {3}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="227"/>
        <source>STATE {0}?</source>
        <translation>상태 {0}?</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="231"/>
        <source>STATE BAD</source>
        <translation>상태 불량</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="47"/>
        <source>{0} devices: waiting for status</source>
        <translation>장치 {0}대: 상태 대기 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="51"/>
        <source>{0}/{1} devices online</source>
        <translation>장치 {0}/{1}대 온라인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="55"/>
        <source>start</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="56"/>
        <source>{0}: no connection since {1}</source>
        <translation>{0}: {1}부터 연결 끊김</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="57"/>
        <source>{0}  ({1}/{2} online)</source>
        <translation>{0}  ({1}/{2}대 온라인)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="117"/>
        <location filename="../../hmi/ui/main_window.py" line="423"/>
        <source>Lineside - {0}</source>
        <translation>Lineside - {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="144"/>
        <location filename="../../hmi/ui/main_window.py" line="424"/>
        <source>Exit</source>
        <translation>종료</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="201"/>
        <location filename="../../hmi/ui/main_window.py" line="436"/>
        <source>historian: -</source>
        <translation>히스토리안: -</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="333"/>
        <location filename="../../hmi/ui/main_window.py" line="440"/>
        <source>No active alarms</source>
        <translation>활성 알람 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="366"/>
        <source>historian: off (live data only)</source>
        <translation>히스토리안: 꺼짐 (실시간 데이터만)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="371"/>
        <source>historian: {0} rows written  ·  {1} buffered  ·  {2} dropped</source>
        <translation>히스토리안: {0}행 저장  ·  {1}행 대기  ·  {2}행 손실</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="381"/>
        <source>plant database unreachable: buffering {0} rows locally</source>
        <translation>공장 DB 연결 끊김: {0}행을 로컬에 임시 저장 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="384"/>
        <source>plant database: back-filling {0} rows</source>
        <translation>공장 DB: 임시 저장된 {0}행 전송 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="388"/>
        <source>alarm journal unreachable: buffering {0} events locally</source>
        <translation>알람 이력 DB 연결 끊김: {0}건을 로컬에 임시 저장 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="391"/>
        <source>alarm journal: back-filling {0} events</source>
        <translation>알람 이력: 임시 저장된 {0}건 전송 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="500"/>
        <location filename="../../hmi/ui/main_window.py" line="512"/>
        <source>Leaving the kiosk needs an engineer or administrator: log in first.</source>
        <translation>키오스크 모드를 종료하려면 엔지니어 또는 관리자로 먼저 로그인하세요.</translation>
    </message>
</context>
<context>
    <name>MaintenancePage</name>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="38"/>
        <source>Date</source>
        <extracomment>Component names offered in the entry form per equipment kind (free text is accepted too).</extracomment>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="38"/>
        <source>Equipment</source>
        <translation>설비</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="39"/>
        <location filename="../../hmi/ui/pages/maintenance.py" line="42"/>
        <source>Component</source>
        <translation>부품</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="39"/>
        <source>Event</source>
        <translation>작업</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="40"/>
        <source>Usage</source>
        <translation>사용량</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="40"/>
        <source>Mode</source>
        <translation>유형</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="41"/>
        <location filename="../../hmi/ui/pages/maintenance.py" line="259"/>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="41"/>
        <source>By</source>
        <translation>작성자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="43"/>
        <source>Failures / censored</source>
        <translation>고장 / 중도절단</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="44"/>
        <source>Shape β</source>
        <translation>형상 β</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="44"/>
        <source>Scale η</source>
        <translation>척도 η</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="45"/>
        <source>Optimal interval</source>
        <translation>최적 교체 주기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="46"/>
        <source>Age now</source>
        <translation>현재 사용량</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="46"/>
        <source>Next due</source>
        <translation>다음 예정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="47"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="49"/>
        <source>replaced</source>
        <extracomment>stored words of the log (English, in the database) -&gt; words on screen</extracomment>
        <translation>교체</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="50"/>
        <source>repaired</source>
        <translation>수리</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="51"/>
        <source>inspected</source>
        <translation>점검</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="52"/>
        <source>failure</source>
        <translation>고장</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="53"/>
        <source>preventive</source>
        <translation>예방</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="54"/>
        <source>h</source>
        <translation>시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="54"/>
        <source>strokes</source>
        <translation>타</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="55"/>
        <source>ok</source>
        <translation>정상</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="56"/>
        <source>DUE SOON</source>
        <translation>교체 임박</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="57"/>
        <source>OVERDUE</source>
        <translation>교체 지연</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="58"/>
        <source>run to failure</source>
        <translation>고장 시 교체</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="59"/>
        <source>too few events</source>
        <translation>이벤트 부족</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="60"/>
        <source>usage rate unknown</source>
        <translation>사용률 미상</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="176"/>
        <source>Equipment health</source>
        <translation>설비 건전성</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="188"/>
        <source>Predictive maintenance is not running on this station.</source>
        <translation>이 스테이션에서는 예지 정비가 실행되고 있지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="196"/>
        <source>Component replacement cycles (Weibull, from the maintenance log)</source>
        <translation>부품 교체 주기 (정비 기록 기반 와이블 분석)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="208"/>
        <source>Maintenance log</source>
        <translation>정비 기록</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="226"/>
        <source>Equipment / component</source>
        <translation>설비 / 부품</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="241"/>
        <source>Event / mode / date</source>
        <translation>작업 / 유형 / 날짜</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="250"/>
        <source>From counter</source>
        <translation>카운터 값 가져오기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="251"/>
        <source>Take the machine&apos;s stroke counter now</source>
        <translation>설비의 현재 타수 카운터 값을 가져옵니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="256"/>
        <source>Usage at event</source>
        <translation>작업 시점 사용량</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="258"/>
        <source>What was found and done</source>
        <translation>발견 내용과 조치 내용</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="265"/>
        <source>Add log entry</source>
        <translation>기록 추가</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="274"/>
        <source>No database: the maintenance log is not available on this station.</source>
        <translation>DB 없음: 이 스테이션에서는 정비 기록을 사용할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="311"/>
        <source>nobody</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="312"/>
        <source>Logged in: {0}. Log entries need the maintenance role.</source>
        <translation>로그인: {0}. 정비 기록은 정비원 권한이 필요합니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="340"/>
        <source>No usage counter on this equipment: type the running hours</source>
        <translation>이 설비에는 사용량 카운터가 없습니다: 가동 시간을 입력하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="360"/>
        <source>Could not read the maintenance log: {0}</source>
        <translation>정비 기록을 읽을 수 없습니다: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="396"/>
        <source>No replacements logged yet: the replacement cycles appear once components have been replaced or repaired (failure or preventive).</source>
        <translation>아직 교체 기록이 없습니다: 부품을 교체하거나 수리(고장 또는 예방)하면 교체 주기가 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="424"/>
        <source>Saved: {0} {1} on {2}</source>
        <translation>저장됨: {2} {0} {1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="435"/>
        <source>Refused: {0}</source>
        <translation>거부됨: {0}</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="35"/>
        <source>Version</source>
        <translation>버전</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="35"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="36"/>
        <source>Created</source>
        <translation>생성</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="36"/>
        <source>Val. AUROC</source>
        <translation>검증 AUROC</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="37"/>
        <source>Val. accuracy</source>
        <translation>검증 정확도</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="38"/>
        <source>Thresholds warn / ng</source>
        <translation>임계값 warn / ng</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="38"/>
        <source>Data fingerprint</source>
        <translation>데이터 지문</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="39"/>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="40"/>
        <source>Image</source>
        <translation>이미지</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="40"/>
        <source>Label</source>
        <translation>라벨</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="41"/>
        <source>Active score</source>
        <translation>운영 모델 점수</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="41"/>
        <source>Active verdict</source>
        <translation>운영 모델 판정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="42"/>
        <source>Candidate score</source>
        <translation>후보 모델 점수</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="43"/>
        <source>Candidate verdict</source>
        <translation>후보 모델 판정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="43"/>
        <source>Changed</source>
        <translation>변경</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="89"/>
        <source>AI models (X-ray inspection)</source>
        <extracomment>default training settings for a retrain from reviewed images (small: it runs on the station PC)</extracomment>
        <translation>AI 모델 (X선 검사)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="93"/>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="94"/>
        <source>Activate selected</source>
        <translation>선택 모델 적용</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="95"/>
        <source>Compare with active ...</source>
        <translation>운영 모델과 비교 ...</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="96"/>
        <source>Import model file ...</source>
        <translation>모델 파일 가져오기 ...</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="97"/>
        <source>Retrain from reviewed images</source>
        <translation>검토된 이미지로 재학습</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="98"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="122"/>
        <source>idle</source>
        <translation>대기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="134"/>
        <source>Comparison: select a candidate version and press Compare</source>
        <translation>비교: 후보 버전을 선택하고 비교를 누르세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="191"/>
        <source>Another model job is running: wait or cancel it</source>
        <translation>다른 모델 작업이 실행 중입니다: 기다리거나 취소하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="287"/>
        <source>ACTIVE</source>
        <translation>운영 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="287"/>
        <source>candidate</source>
        <translation>후보</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="292"/>
        <source>(by {0})</source>
        <translation>({0})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="307"/>
        <source>{0} versions; active: {1}</source>
        <translation>버전 {0}개, 운영 중: {1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="308"/>
        <source>none (the stations use their configured model file)</source>
        <translation>없음 (스테이션이 설정된 모델 파일 사용)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="309"/>
        <source>; last activation {0} by {1}</source>
        <translation>, 마지막 적용 {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="357"/>
        <source>Model {0} is now active: the stations load it with their next part</source>
        <translation>모델 {0}이(가) 적용되었습니다: 스테이션은 다음 부품부터 이 모델을 사용합니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="360"/>
        <location filename="../../hmi/ui/pages/models.py" line="389"/>
        <location filename="../../hmi/ui/pages/models.py" line="469"/>
        <source>Refused: {0}</source>
        <translation>거부됨: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="362"/>
        <source>Activation failed: {0}</source>
        <translation>적용 실패: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="366"/>
        <source>Model file</source>
        <translation>모델 파일</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="367"/>
        <source>Lineside models (*.pt)</source>
        <translation>Lineside 모델 (*.pt)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="386"/>
        <source>Model {0} added as a candidate</source>
        <translation>모델 {0}이(가) 후보로 추가되었습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="391"/>
        <source>Import failed: {0}</source>
        <translation>가져오기 실패: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="396"/>
        <source>Evaluation folder (ok/ and defect/, or images)</source>
        <translation>평가 폴더 (ok/와 defect/ 또는 이미지)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="403"/>
        <source>Select the candidate version to compare</source>
        <translation>비교할 후보 버전을 선택하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="420"/>
        <source>Comparing {0} with the active model on {1} ...</source>
        <translation>{1}에서 {0}을(를) 운영 모델과 비교 중 ...</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="422"/>
        <source>Comparison failed: {0}</source>
        <translation>비교 실패: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="429"/>
        <source>defect</source>
        <translation>불량</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="433"/>
        <source>CHANGED</source>
        <translation>변경됨</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="444"/>
        <source>{0} vs active {1}: {2} images, {3} verdicts changed</source>
        <translation>{0} 대 운영 {1}: 이미지 {2}개, 판정 변경 {3}건</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="447"/>
        <source>, {0} unreadable</source>
        <translation>, 읽기 불가 {0}개</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="450"/>
        <source>.  AUROC {0} -&gt; {1}, accuracy {2} -&gt; {3}; new misses {4}, new catches {5}</source>
        <translation>.  AUROC {0} -&gt; {1}, 정확도 {2} -&gt; {3}, 신규 미검출 {4}, 신규 검출 {5}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="454"/>
        <source>comparison done</source>
        <translation>비교 완료</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="462"/>
        <source>No plant database: there are no reviewed images</source>
        <translation>공장 DB 없음: 검토된 이미지가 없습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="475"/>
        <source>exporting reviewed images</source>
        <translation>검토된 이미지 내보내는 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="476"/>
        <source>too few reviewed images to retrain: {0} ok and {1} defect (at least {2} of each)</source>
        <translation>재학습할 검토 이미지가 부족합니다: ok {0}개, 불량 {1}개 (각각 최소 {2}개)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="501"/>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="502"/>
        <source>Retraining cancelled: nothing was added</source>
        <translation>재학습 취소됨: 추가된 모델 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="504"/>
        <source>Candidate {0} added: compare it with the active model before activating</source>
        <translation>후보 {0} 추가됨: 적용하기 전에 운영 모델과 비교하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="506"/>
        <source>done</source>
        <translation>완료</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="511"/>
        <source>Retraining failed: {0}</source>
        <translation>재학습 실패: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="520"/>
        <source>cancelling ...</source>
        <translation>취소 중 ...</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="303"/>
        <source>KPIs of the current shift: waiting for the first computation</source>
        <translation>현재 교대 KPI: 첫 계산 대기 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="304"/>
        <source>KPIs need the plant database</source>
        <translation>KPI 계산에는 공장 DB가 필요합니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="320"/>
        <source>current shift so far</source>
        <translation>현재 교대 누계</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="30"/>
        <source>Overview</source>
        <extracomment>role from which the kiosk may be left (``lineside ... --kiosk``) navigation titles: the page names given to ``add_page`` (stable keys, English) as the screen shows them. A new page adds its name here so that lupdate offers it for translation.</extracomment>
        <translation>전체 현황</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="30"/>
        <source>Trends</source>
        <translation>트렌드</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="30"/>
        <source>Alarms</source>
        <translation>알람</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="31"/>
        <source>Journal</source>
        <translation>알람 이력</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="31"/>
        <source>Maintenance</source>
        <translation>정비</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="32"/>
        <source>Inspection</source>
        <translation>검사</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="32"/>
        <source>Models</source>
        <translation>AI 모델</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="32"/>
        <source>Users</source>
        <translation>사용자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="33"/>
        <source>Trace</source>
        <translation>추적</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="33"/>
        <source>KPI</source>
        <translation>KPI</translation>
    </message>
</context>
<context>
    <name>Priority</name>
    <message>
        <location filename="../../widgets/theme.py" line="45"/>
        <source>URGENT</source>
        <translation>긴급</translation>
    </message>
    <message>
        <location filename="../../widgets/theme.py" line="46"/>
        <source>HIGH</source>
        <translation>높음</translation>
    </message>
    <message>
        <location filename="../../widgets/theme.py" line="47"/>
        <source>MEDIUM</source>
        <translation>중간</translation>
    </message>
    <message>
        <location filename="../../widgets/theme.py" line="48"/>
        <source>LOW</source>
        <translation>낮음</translation>
    </message>
</context>
<context>
    <name>Quality</name>
    <message>
        <location filename="../../widgets/value_tile.py" line="24"/>
        <source>GOOD</source>
        <extracomment>quality code -&gt; word for the screen (shown through :func:`quality_word`)</extracomment>
        <translation>정상</translation>
    </message>
    <message>
        <location filename="../../widgets/value_tile.py" line="24"/>
        <source>BAD</source>
        <translation>불량</translation>
    </message>
    <message>
        <location filename="../../widgets/value_tile.py" line="25"/>
        <source>STALE</source>
        <translation>갱신 안 됨</translation>
    </message>
    <message>
        <location filename="../../widgets/value_tile.py" line="25"/>
        <source>COMM FAIL</source>
        <translation>통신 장애</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="165"/>
        <source>Shelve for</source>
        <translation>보류 시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="169"/>
        <source>required</source>
        <translation>필수</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="170"/>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="171"/>
        <source>OK</source>
        <translation>확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="177"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <location filename="../../hmi/ui/login.py" line="38"/>
        <source>operator</source>
        <extracomment>role names as the screens show them (the stored names stay English)</extracomment>
        <translation>작업자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="39"/>
        <source>inspector</source>
        <translation>검사원</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="40"/>
        <source>maintenance</source>
        <translation>정비원</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="41"/>
        <source>engineer</source>
        <translation>엔지니어</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="42"/>
        <source>admin</source>
        <translation>관리자</translation>
    </message>
</context>
<context>
    <name>SetpointDialog</name>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="70"/>
        <source>choose ON or OFF</source>
        <translation>ON 또는 OFF를 선택하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="72"/>
        <source>type a value</source>
        <translation>값을 입력하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="76"/>
        <source>{0} is not a number</source>
        <translation>{0}은(는) 숫자가 아닙니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="78"/>
        <source>type a finite number</source>
        <translation>유한한 숫자를 입력하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="82"/>
        <source>{0} is outside the limits {1} … {2}</source>
        <translation>{0}은(는) 허용 범위 {1} … {2}를 벗어납니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="87"/>
        <source>this tag takes 1 decimal at most</source>
        <translation>이 태그는 소수점 1자리까지만 입력할 수 있습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="88"/>
        <source>this tag takes {0} decimals at most</source>
        <translation>이 태그는 소수점 {0}자리까지만 입력할 수 있습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="89"/>
        <source>this tag takes whole numbers only</source>
        <translation>이 태그는 정수만 입력할 수 있습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="125"/>
        <source>Set {0}</source>
        <translation>{0} 설정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="142"/>
        <source>limits {0} … {1}</source>
        <translation>허용 범위 {0} … {1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="146"/>
        <source>normal range {0} … {1}</source>
        <translation>정상 범위 {0} … {1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="149"/>
        <source>whole numbers</source>
        <translation>정수</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="151"/>
        <source>up to {0} decimals</source>
        <translation>소수점 {0}자리까지</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="152"/>
        <source>ON or OFF</source>
        <translation>ON 또는 OFF</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="169"/>
        <source>new value</source>
        <translation>새 설정값</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="176"/>
        <source>ON</source>
        <translation>ON</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="177"/>
        <source>OFF</source>
        <translation>OFF</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="191"/>
        <location filename="../../hmi/ui/setpoint.py" line="196"/>
        <source>Write…</source>
        <translation>쓰기…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="214"/>
        <source>Back</source>
        <translation>뒤로</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="216"/>
        <source>Confirm write</source>
        <translation>쓰기 확정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="236"/>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="281"/>
        <source>Current value: no data yet</source>
        <translation>현재값: 아직 데이터 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="286"/>
        <source>Current value: {0} (last {1})</source>
        <translation>현재값: {0} (마지막 {1})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="290"/>
        <source>Current value: {0}</source>
        <translation>현재값: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="294"/>
        <source>as {0} &apos;{1}&apos;</source>
        <translation>{0} &apos;{1}&apos;(으)로 로그인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="295"/>
        <source>not logged in</source>
        <translation>로그인 안 됨</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="324"/>
        <source>Write {0} to “{1}”?</source>
        <translation>“{1}”에 {0}을(를) 쓸까요?</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="326"/>
        <source>Write {0} to “{1}” (now {2})?</source>
        <translation>“{1}”에 {0}을(를) 쓸까요? (현재 {2})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="342"/>
        <source>No user database on this station: writes are not possible.</source>
        <translation>이 스테이션에 사용자 DB가 없어 쓰기를 할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="348"/>
        <source>Writing… waiting for the read-back</source>
        <translation>쓰는 중… 확인 읽기 대기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="358"/>
        <source>Written: read back {0}</source>
        <translation>쓰기 완료: 확인 값 {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="366"/>
        <source>Refused: {0}</source>
        <translation>거부됨: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="370"/>
        <source>Write failed: {0}</source>
        <translation>쓰기 실패: {0}</translation>
    </message>
</context>
<context>
    <name>SetpointRow</name>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="70"/>
        <source>Set…</source>
        <translation>설정…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="73"/>
        <source>Change {0} (needs the permission to write setpoints)</source>
        <translation>{0} 변경 (설정값 쓰기 권한 필요)</translation>
    </message>
</context>
<context>
    <name>StatusLamp</name>
    <message>
        <location filename="../../widgets/status_lamp.py" line="18"/>
        <source>RUNNING</source>
        <translation>가동</translation>
    </message>
    <message>
        <location filename="../../widgets/status_lamp.py" line="18"/>
        <source>IDLE</source>
        <translation>대기</translation>
    </message>
    <message>
        <location filename="../../widgets/status_lamp.py" line="19"/>
        <source>FAULT</source>
        <translation>고장</translation>
    </message>
    <message>
        <location filename="../../widgets/status_lamp.py" line="19"/>
        <source>NO COMM</source>
        <translation>통신 없음</translation>
    </message>
</context>
<context>
    <name>TracePage</name>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="93"/>
        <location filename="../../hmi/ui/pages/trace.py" line="185"/>
        <source>Serial</source>
        <translation>시리얼</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="96"/>
        <source>Scan the part mark or type its serial, then Enter</source>
        <translation>부품 마킹을 스캔하거나 시리얼 입력 후 Enter</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="100"/>
        <source>Look up</source>
        <translation>조회</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="109"/>
        <source>No plant database: traceability needs one (run with --db or the demo).</source>
        <translation>공장 DB 없음: 추적에는 공장 DB가 필요합니다 (--db 옵션 또는 데모로 실행).</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="122"/>
        <source>Step / time</source>
        <translation>공정 / 시각</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="122"/>
        <location filename="../../hmi/ui/pages/trace.py" line="186"/>
        <source>Equipment</source>
        <translation>설비</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="122"/>
        <location filename="../../hmi/ui/pages/trace.py" line="186"/>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="123"/>
        <source>Parameter</source>
        <translation>파라미터</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="123"/>
        <source>Min</source>
        <translation>최소</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="123"/>
        <source>Mean</source>
        <translation>평균</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="123"/>
        <source>Max</source>
        <translation>최대</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="124"/>
        <source>Normal range</source>
        <translation>정상 범위</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="124"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="126"/>
        <source>Alarms active while the part was processed</source>
        <translation>부품 가공 중 발생한 알람</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="127"/>
        <source>Since</source>
        <translation>발생</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="127"/>
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="127"/>
        <source>Alarm</source>
        <translation>알람</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="127"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="130"/>
        <source>Inspection</source>
        <translation>검사</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="132"/>
        <location filename="../../hmi/ui/pages/trace.py" line="252"/>
        <location filename="../../hmi/ui/pages/trace.py" line="305"/>
        <source>no inspection</source>
        <translation>검사 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="146"/>
        <source>Containment: parts sharing a cause</source>
        <translation>격리 조회: 같은 원인을 가진 부품</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="149"/>
        <source>Processed by machine</source>
        <translation>가공 설비 기준</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="150"/>
        <source>Made from material lot</source>
        <translation>자재 로트 기준</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="170"/>
        <source>Heat number / lot</source>
        <translation>히트 번호 / 로트</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="174"/>
        <source>Find parts</source>
        <translation>부품 찾기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="178"/>
        <source>Export CSV</source>
        <translation>CSV 내보내기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="185"/>
        <source>Line</source>
        <translation>라인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="185"/>
        <source>Product</source>
        <translation>제품</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="185"/>
        <source>Step</source>
        <translation>공정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="186"/>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="186"/>
        <source>End</source>
        <translation>종료</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="187"/>
        <source>Lot</source>
        <translation>로트</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="227"/>
        <source>Not a valid serial: %1</source>
        <translation>올바른 시리얼이 아닙니다: %1</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="230"/>
        <source>Looking up %1 …</source>
        <translation>%1 조회 중 …</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="238"/>
        <source>Lookup of %1 failed: %2</source>
        <translation>%1 조회 실패: %2</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="253"/>
        <source>No part %1 in the records</source>
        <translation>기록에 부품 %1이(가) 없습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="259"/>
        <source>%1 — %2, line %3, made %4</source>
        <translation>%1 — %2, 라인 %3, 생산 %4</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="260"/>
        <source>product not recorded</source>
        <translation>제품 기록 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="271"/>
        <source>no parameters recorded</source>
        <translation>기록된 파라미터 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="275"/>
        <source>in range</source>
        <translation>범위 내</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="275"/>
        <source>OUT OF RANGE</source>
        <translation>범위 이탈</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="276"/>
        <source>no range</source>
        <translation>범위 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="276"/>
        <source>no data</source>
        <translation>데이터 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="294"/>
        <source>no process steps recorded</source>
        <translation>기록된 공정 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="297"/>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="301"/>
        <source>Material: %1</source>
        <translation>자재: %1</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="301"/>
        <source>no lot recorded</source>
        <translation>기록된 로트 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="309"/>
        <source>%1 at %2
AI: %3 (score %4)
Review: %5</source>
        <translation>%1 (%2)
AI: %3 (점수 %4)
검토: %5</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="313"/>
        <source>loading …</source>
        <translation>불러오는 중 …</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="323"/>
        <source>no image</source>
        <translation>이미지 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="343"/>
        <source>Enter a heat number or lot</source>
        <translation>히트 번호 또는 로트를 입력하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="345"/>
        <source>lot %1</source>
        <translation>로트 %1</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="352"/>
        <source>Choose a machine and a window whose end is after its start</source>
        <translation>설비를 선택하고 종료가 시작보다 늦은 구간을 지정하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="354"/>
        <source>%1 from %2 to %3</source>
        <translation>%1, %2 ~ %3</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="357"/>
        <source>Searching %1 …</source>
        <translation>%1 검색 중 …</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="365"/>
        <source>%1 parts: %2 (%3 ms)</source>
        <translation>부품 %1개: %2 (%3 ms)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="371"/>
        <source>Search failed: %1</source>
        <translation>검색 실패: %1</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="399"/>
        <source>Export parts</source>
        <translation>부품 내보내기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="400"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="408"/>
        <source>%1 parts written to %2</source>
        <translation>부품 %1개를 %2에 저장했습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="410"/>
        <source>Export failed: %1</source>
        <translation>내보내기 실패: %1</translation>
    </message>
</context>
<context>
    <name>TrendPlot</name>
    <message>
        <location filename="../../widgets/trend_plot.py" line="37"/>
        <source>1 min</source>
        <translation>1분</translation>
    </message>
    <message>
        <location filename="../../widgets/trend_plot.py" line="38"/>
        <source>10 min</source>
        <translation>10분</translation>
    </message>
    <message>
        <location filename="../../widgets/trend_plot.py" line="39"/>
        <source>1 h</source>
        <translation>1시간</translation>
    </message>
    <message>
        <location filename="../../widgets/trend_plot.py" line="40"/>
        <source>8 h</source>
        <translation>8시간</translation>
    </message>
    <message>
        <location filename="../../widgets/trend_plot.py" line="356"/>
        <source>▶ Live</source>
        <translation>▶ 실시간</translation>
    </message>
    <message>
        <location filename="../../widgets/trend_plot.py" line="357"/>
        <source>❚❚ Pause</source>
        <translation>❚❚ 일시 정지</translation>
    </message>
    <message>
        <location filename="../../widgets/trend_plot.py" line="377"/>
        <source>Normalise 0-100 %</source>
        <translation>0-100 % 정규화</translation>
    </message>
    <message>
        <location filename="../../widgets/trend_plot.py" line="378"/>
        <source>Draw every pen as % of its normal range (0 % = low limit, 100 % = high limit)</source>
        <translation>모든 펜을 정상 범위 대비 %로 표시 (0 % = 하한, 100 % = 상한)</translation>
    </message>
    <message>
        <location filename="../../widgets/trend_plot.py" line="600"/>
        <source>% of normal range</source>
        <translation>정상 범위 대비 %</translation>
    </message>
</context>
<context>
    <name>TrendsPage</name>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="94"/>
        <source>Tag</source>
        <extracomment>exports finished so far; a history load writes the status line only when no export finished since the view asked for it (its message would be stale and hide the export&apos;s result) (t0, t1, width_px, exports finished when the view asked) of the next history query</extracomment>
        <translation>태그</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="94"/>
        <source>Unit</source>
        <translation>단위</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="118"/>
        <source>Export visible range to CSV…</source>
        <translation>보이는 구간 CSV 내보내기…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="124"/>
        <source>no historian configured (live data only)</source>
        <translation>히스토리안 미설정 (실시간 데이터만)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="254"/>
        <source>loading history…</source>
        <translation>이력 불러오는 중…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="279"/>
        <source>history not available: {0}</source>
        <translation>이력을 사용할 수 없습니다: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="302"/>
        <source>history: {0} tags ({1})</source>
        <translation>이력: 태그 {0}개 ({1})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="311"/>
        <source>Export visible range to CSV</source>
        <translation>보이는 구간 CSV 내보내기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="312"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="327"/>
        <source>exporting {0} tags to {1}…</source>
        <translation>태그 {0}개를 {1}(으)로 내보내는 중…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="348"/>
        <source>export failed: {0}</source>
        <translation>내보내기 실패: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="351"/>
        <source>exported {0} rows to {1}</source>
        <translation>{0}행을 {1}(으)로 내보냈습니다</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="60"/>
        <source>User name</source>
        <translation>사용자 이름</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="67"/>
        <source>Role</source>
        <translation>권한</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="71"/>
        <source>Password</source>
        <translation>비밀번호</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="72"/>
        <source>Repeat password</source>
        <translation>비밀번호 확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="76"/>
        <source>4-8 digits</source>
        <translation>4~8자리 숫자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="76"/>
        <source>4-8 digits; empty: none</source>
        <translation>4~8자리 숫자, 비우면 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="77"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="82"/>
        <source>OK</source>
        <translation>확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="85"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="106"/>
        <source>Enter a user name.</source>
        <translation>사용자 이름을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="108"/>
        <source>The two passwords differ.</source>
        <translation>두 비밀번호가 다릅니다.</translation>
    </message>
</context>
<context>
    <name>UserIndicator</name>
    <message>
        <location filename="../../hmi/ui/login.py" line="400"/>
        <location filename="../../hmi/ui/login.py" line="419"/>
        <location filename="../../hmi/ui/login.py" line="424"/>
        <source>Log in</source>
        <translation>로그인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="416"/>
        <source>no user database</source>
        <translation>사용자 DB 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="422"/>
        <source>○ not logged in</source>
        <translation>○ 로그인 안 됨</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="428"/>
        <source>Log out</source>
        <translation>로그아웃</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="430"/>
        <source>logged in as {0} &apos;{1}&apos;; automatic logout after {2} min without input</source>
        <translation>{0} &apos;{1}&apos;(으)로 로그인됨, 입력 없이 {2}분이 지나면 자동 로그아웃</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="438"/>
        <source>○ logged out (idle)</source>
        <translation>○ 로그아웃됨 (입력 없음)</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="29"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="29"/>
        <source>Role</source>
        <translation>권한</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="30"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="30"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="31"/>
        <source>Created</source>
        <translation>생성</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="32"/>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="32"/>
        <source>User</source>
        <translation>사용자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="33"/>
        <source>Action</source>
        <translation>동작</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="33"/>
        <source>Target</source>
        <translation>대상</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="34"/>
        <source>Before</source>
        <translation>변경 전</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="34"/>
        <source>After</source>
        <translation>변경 후</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="35"/>
        <source>Detail</source>
        <translation>상세</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="156"/>
        <source>Users</source>
        <translation>사용자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="170"/>
        <source>New user…</source>
        <translation>새 사용자…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="171"/>
        <location filename="../../hmi/ui/pages/users.py" line="305"/>
        <source>Disable</source>
        <translation>비활성화</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="177"/>
        <source>Set role</source>
        <translation>권한 설정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="178"/>
        <source>Reset password…</source>
        <translation>비밀번호 재설정…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="179"/>
        <source>Set PIN…</source>
        <translation>PIN 설정…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="180"/>
        <source>Clear PIN</source>
        <translation>PIN 삭제</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="197"/>
        <source>Audit trail</source>
        <translation>감사 추적</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="201"/>
        <source>user</source>
        <translation>사용자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="205"/>
        <source>All actions</source>
        <translation>전체 동작</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="210"/>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="211"/>
        <source>Verify chain</source>
        <translation>체인 검증</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="212"/>
        <source>Not verified yet.</source>
        <translation>아직 검증하지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="253"/>
        <source>No user database on this station: users and audit trail are not available.</source>
        <translation>이 스테이션에 사용자 DB가 없어 사용자와 감사 추적을 사용할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="297"/>
        <source>needs admin</source>
        <translation>관리자 권한 필요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="297"/>
        <source>; log in first</source>
        <translation>; 먼저 로그인하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="305"/>
        <source>Enable</source>
        <translation>활성화</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="314"/>
        <source>Cannot read the users: {0}</source>
        <translation>사용자 목록을 읽을 수 없습니다: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="323"/>
        <source>enabled</source>
        <translation>활성</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="323"/>
        <source>✖ disabled</source>
        <translation>✖ 비활성</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="324"/>
        <source>yes</source>
        <translation>예</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="352"/>
        <source>(system)</source>
        <translation>(시스템)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="391"/>
        <source>Verifying…</source>
        <translation>검증 중…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="398"/>
        <source>✔ Audit trail OK: {0}</source>
        <translation>✔ 감사 추적 정상: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="401"/>
        <source>entry #{0}</source>
        <translation>항목 #{0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="401"/>
        <source>the chain</source>
        <translation>체인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="402"/>
        <source>✖ AUDIT TRAIL BROKEN at {0}: {1} ({2} entries before it are intact)</source>
        <translation>✖ 감사 추적 손상 위치 {0}: {1} (그 이전 항목 {2}개는 정상)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="411"/>
        <source>Verify failed: </source>
        <translation>검증 실패: </translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="432"/>
        <source>failed: {0}</source>
        <translation>실패: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="444"/>
        <source>New user</source>
        <translation>새 사용자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="449"/>
        <source>User &apos;{0}&apos; created ({1}).</source>
        <translation>사용자 &apos;{0}&apos; 생성됨 ({1}).</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="457"/>
        <source>User &apos;{0}&apos; disabled.</source>
        <translation>사용자 &apos;{0}&apos; 비활성화됨.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="458"/>
        <source>User &apos;{0}&apos; enabled.</source>
        <translation>사용자 &apos;{0}&apos; 활성화됨.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="465"/>
        <source>User &apos;{0}&apos; is now {1}.</source>
        <translation>사용자 &apos;{0}&apos;의 권한이 {1}(으)로 변경됨.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="473"/>
        <source>New password for {0}</source>
        <translation>{0}의 새 비밀번호</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="477"/>
        <source>Password of &apos;{0}&apos; reset.</source>
        <translation>&apos;{0}&apos;의 비밀번호가 재설정됨.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="485"/>
        <source>PIN for {0}</source>
        <translation>{0}의 PIN</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="490"/>
        <source>PIN of &apos;{0}&apos; set.</source>
        <translation>&apos;{0}&apos;의 PIN이 설정됨.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="496"/>
        <source>PIN of &apos;{0}&apos; removed.</source>
        <translation>&apos;{0}&apos;의 PIN이 삭제됨.</translation>
    </message>
</context>
<context>
    <name>ValueTile</name>
    <message>
        <location filename="../../widgets/value_tile.py" line="143"/>
        <source>normal range {0} .. {1} {2}</source>
        <translation>정상 범위 {0} .. {1} {2}</translation>
    </message>
    <message>
        <location filename="../../widgets/value_tile.py" line="145"/>
        <source>click: show in trends</source>
        <translation>클릭: 트렌드에서 보기</translation>
    </message>
    <message>
        <location filename="../../widgets/value_tile.py" line="211"/>
        <source>▲ HI</source>
        <translation>▲ 높음</translation>
    </message>
    <message>
        <location filename="../../widgets/value_tile.py" line="211"/>
        <source>▼ LO</source>
        <translation>▼ 낮음</translation>
    </message>
    <message>
        <location filename="../../widgets/value_tile.py" line="213"/>
        <source>✖ BAD</source>
        <translation>✖ 불량</translation>
    </message>
    <message>
        <location filename="../../widgets/value_tile.py" line="213"/>
        <source>STALE</source>
        <translation>갱신 안 됨</translation>
    </message>
    <message>
        <location filename="../../widgets/value_tile.py" line="213"/>
        <source>? COMM</source>
        <translation>? 통신</translation>
    </message>
</context>
<context>
    <name>_CountChip</name>
    <message>
        <location filename="../../widgets/alarm_banner.py" line="43"/>
        <source>priority {0} ({1}): {2} annunciated, {3} unacknowledged</source>
        <translation>우선순위 {0} ({1}): 표시 {2}건, 미확인 {3}건</translation>
    </message>
</context>
<context>
    <name>_LegendEntry</name>
    <message>
        <location filename="../../widgets/trend_plot.py" line="201"/>
        <source>✖ BAD</source>
        <translation>✖ 불량</translation>
    </message>
</context>
</TS>
