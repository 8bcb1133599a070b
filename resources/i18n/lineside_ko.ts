<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>Access</name>
    <message>
        <location filename="../../hmi/security/access.py" line="39"/>
        <source>log in to {0} ({1})</source>
        <translation>{0}: 로그인이 필요합니다 ({1})</translation>
    </message>
    <message>
        <location filename="../../hmi/security/access.py" line="40"/>
        <source>{0} &apos;{1}&apos; is disabled and may not {2}</source>
        <translation>{0} &apos;{1}&apos;은(는) 비활성화되어 {2} 권한이 없습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/security/access.py" line="41"/>
        <source>{0} &apos;{1}&apos; may not {2} ({3})</source>
        <translation>{0} &apos;{1}&apos;은(는) {2} 권한이 없습니다 ({3})</translation>
    </message>
    <message>
        <location filename="../../hmi/security/access.py" line="42"/>
        <source>an administrator already exists; log in as admin to add users</source>
        <translation>관리자가 이미 있습니다. 사용자를 추가하려면 관리자로 로그인하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/security/access.py" line="45"/>
        <source>too many failed log-ins: try again in {0} s</source>
        <translation>로그인 실패가 너무 많습니다: {0}초 후에 다시 시도하십시오</translation>
    </message>
    <message>
        <location filename="../../hmi/security/access.py" line="46"/>
        <source>too many failed log-ins: {0} is locked for {1} min (an administrator can unlock it on the Users page)</source>
        <translation>로그인 실패가 너무 많습니다: {0} 계정이 {1}분 동안 잠겼습니다 (관리자가 사용자 페이지에서 잠금을 해제할 수 있습니다)</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="95"/>
        <source>{0} only</source>
        <translation>{0} 전용</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="96"/>
        <source>{0} and up</source>
        <translation>{0} 이상</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="111"/>
        <source>acknowledge alarms</source>
        <extracomment>action name -&gt; permission. The audit trail uses the same action names.</extracomment>
        <translation>알람 확인</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="112"/>
        <source>reset latched alarms</source>
        <translation>래치 알람 리셋</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="113"/>
        <source>shelve alarms</source>
        <translation>알람 보류</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="114"/>
        <source>take alarms out of service</source>
        <translation>알람 서비스 제외</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="115"/>
        <source>write setpoints</source>
        <translation>설정값 쓰기</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="116"/>
        <source>override inspection results</source>
        <translation>검사 판정 변경</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="118"/>
        <source>enter maintenance log entries</source>
        <translation>정비 일지 입력</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="119"/>
        <source>mark anomalies as false alarms and re-learn normal running</source>
        <translation>이상 감지를 오경보로 표시하고 정상 운전 재학습</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="121"/>
        <source>write the shift log</source>
        <translation>교대 일지 작성</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="122"/>
        <source>record reworks, shipments and scrap of parts</source>
        <translation>부품의 재작업, 출하, 폐기 기록</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="123"/>
        <source>change the configuration</source>
        <translation>설정 변경</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="124"/>
        <source>set up devices and tags and save the plant file</source>
        <translation>장치와 태그를 설정하고 플랜트 파일 저장</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="126"/>
        <source>rate the plant&apos;s smart-factory level</source>
        <translation>공장의 스마트공장 수준 평가</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="127"/>
        <source>manage users</source>
        <translation>사용자 관리</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="128"/>
        <source>verify the audit trail</source>
        <translation>감사 추적 검증</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="129"/>
        <source>activate, import or retrain AI inspection models</source>
        <translation>AI 검사 모델 적용·가져오기·재학습</translation>
    </message>
</context>
<context>
    <name>AlarmBanner</name>
    <message>
        <location filename="../../widgets/alarm_banner.py" line="106"/>
        <source>Silence</source>
        <translation>경보음 정지</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_banner.py" line="110"/>
        <location filename="../../widgets/alarm_banner.py" line="161"/>
        <source>Silence the alarm horn until the next new alarm</source>
        <translation>다음 새 알람이 올 때까지 경보음을 끕니다</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_banner.py" line="126"/>
        <source>No active alarms</source>
        <translation>활성 알람 없음</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_banner.py" line="151"/>
        <location filename="../../widgets/alarm_banner.py" line="165"/>
        <source>Shelved {0}</source>
        <translation>보류됨 {0}</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_banner.py" line="152"/>
        <location filename="../../widgets/alarm_banner.py" line="166"/>
        <source>Alarms shelved by an engineer (see the Alarms page)</source>
        <translation>엔지니어가 보류한 알람 (알람 화면 참조)</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_banner.py" line="157"/>
        <source>♪ Silence</source>
        <translation>♪ 경보음 정지</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_banner.py" line="157"/>
        <source>Silenced</source>
        <translation>경보음 꺼짐</translation>
    </message>
    <message>
        <location filename="../../widgets/alarm_banner.py" line="190"/>
        <source>✔ NO ALARMS</source>
        <translation>✔ 알람 없음</translation>
    </message>
</context>
<context>
    <name>AlarmEngine</name>
    <message>
        <location filename="../../hmi/alarms/engine.py" line="429"/>
        <source>shelving needs a reason</source>
        <extracomment>Longest allowed shelving (ISA-18.2: shelving is always time-limited). an invalid value must persist this long before its instrument-fault alarm is raised (seconds)</extracomment>
        <translation>보류하려면 사유가 필요합니다</translation>
    </message>
    <message>
        <location filename="../../hmi/alarms/engine.py" line="431"/>
        <source>shelving time must be between 0 and {0} h</source>
        <translation>보류 시간은 0 초과 {0}시간 이하여야 합니다</translation>
    </message>
    <message>
        <location filename="../../hmi/alarms/engine.py" line="436"/>
        <source>{0} is out of service</source>
        <translation>{0}은(는) 서비스 제외 상태입니다</translation>
    </message>
    <message>
        <location filename="../../hmi/alarms/engine.py" line="463"/>
        <source>taking an alarm out of service needs a reason</source>
        <translation>알람을 서비스 제외하려면 사유가 필요합니다</translation>
    </message>
    <message>
        <location filename="../../hmi/alarms/engine.py" line="493"/>
        <source>{0} is not a latching alarm</source>
        <translation>{0}은(는) 래치 알람이 아닙니다</translation>
    </message>
    <message>
        <location filename="../../hmi/alarms/engine.py" line="497"/>
        <source>{0}: the condition is still active; it can be reset once it clears</source>
        <translation>{0}: 알람 조건이 아직 활성 상태입니다. 조건이 해소된 후 리셋할 수 있습니다</translation>
    </message>
</context>
<context>
    <name>AlarmState</name>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="40"/>
        <source>Normal</source>
        <extracomment>alarm state -&gt; words for screens (never the enum name alone); shown through :func:`state_word`</extracomment>
        <translation>정상</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="41"/>
        <source>UNACK ACTIVE</source>
        <translation>미확인 발생</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="42"/>
        <source>ACK ACTIVE</source>
        <translation>확인 발생</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="43"/>
        <source>UNACK CLEARED</source>
        <translation>미확인 해제</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="44"/>
        <source>Shelved</source>
        <translation>보류됨</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="45"/>
        <source>Suppressed (by design)</source>
        <translation>억제됨(설계상)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="46"/>
        <source>Out of service</source>
        <translation>서비스 제외</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="62"/>
        <source>ACK - latched, reset needed</source>
        <translation>확인 - 래치됨, 리셋 필요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="66"/>
        <source>Shelved until {0} by {1}</source>
        <translation>{0}까지 보류 ({1})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="67"/>
        <source>Shelved until {0}</source>
        <translation>{0}까지 보류</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="75"/>
        <source>ON</source>
        <translation>ON</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="75"/>
        <source>OFF</source>
        <translation>OFF</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="89"/>
        <source>no answer</source>
        <translation>응답 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="91"/>
        <source>no valid value</source>
        <translation>유효한 값 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="93"/>
        <source>no data</source>
        <translation>데이터 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="95"/>
        <source>{0} (rate limit {1}/min)</source>
        <translation>{0} (변화율 한계 {1}/분)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="97"/>
        <source>{0} (alarm state {1})</source>
        <translation>{0} (알람 상태 {1})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/alarm_bridge.py" line="98"/>
        <source>limit</source>
        <translation>한계</translation>
    </message>
</context>
<context>
    <name>AlarmTableModel</name>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="35"/>
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="35"/>
        <source>Raised</source>
        <translation>발생</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="36"/>
        <source>Equipment</source>
        <translation>설비</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="36"/>
        <source>Tag</source>
        <translation>태그</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="37"/>
        <source>Message</source>
        <translation>메시지</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="37"/>
        <source>Value / limit</source>
        <translation>값 / 한계</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="38"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="79"/>
        <source>communication</source>
        <translation>통신</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="82"/>
        <source>anomaly</source>
        <translation>이상 감지</translation>
    </message>
</context>
<context>
    <name>Alarms</name>
    <message>
        <location filename="../../hmi/config.py" line="172"/>
        <source>Communication failure: {0}</source>
        <extracomment>OPC UA security: the policies and message modes Lineside speaks (``None`` only with ``None``) how an OPC UA tag is acquired: a monitored item in a subscription (sampling at its scan class&apos;s period, the tag&apos;s deadband as the server&apos;s absolute deadband), or read every scan-class period Siemens S7 memory areas: data blocks, merkers (flags), process inputs and outputs the default message of a communication-failure alarm (``{0}``: the equipment&apos;s name)</extracomment>
        <translation>통신 이상: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/config.py" line="184"/>
        <source>No answer from the controller: network, power or controller fault</source>
        <translation>컨트롤러 응답 없음: 네트워크, 전원 또는 컨트롤러 고장</translation>
    </message>
    <message>
        <location filename="../../hmi/config.py" line="185"/>
        <source>Check the controller, its power and network cable; call maintenance</source>
        <translation>컨트롤러, 전원, 네트워크 케이블을 점검하고 보전팀을 부르십시오</translation>
    </message>
</context>
<context>
    <name>AlarmsPage</name>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="43"/>
        <source>Annunciated</source>
        <extracomment>state filter name -&gt; states shown (None: every configured alarm)</extracomment>
        <translation>표시 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="44"/>
        <source>Unacknowledged</source>
        <translation>미확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="45"/>
        <source>Shelved</source>
        <translation>보류됨</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="46"/>
        <source>Out of service</source>
        <translation>서비스 제외</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="47"/>
        <source>Suppressed by design</source>
        <translation>설계상 억제</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="48"/>
        <source>All configured</source>
        <translation>설정된 전체</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="51"/>
        <source>15 min</source>
        <extracomment>shelving durations offered (label, seconds)</extracomment>
        <translation>15분</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="51"/>
        <source>30 min</source>
        <translation>30분</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="52"/>
        <source>1 h</source>
        <translation>1시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="52"/>
        <source>2 h</source>
        <translation>2시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="53"/>
        <source>4 h</source>
        <translation>4시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="53"/>
        <source>8 h</source>
        <translation>8시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="54"/>
        <source>12 h</source>
        <translation>12시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="54"/>
        <source>24 h</source>
        <translation>24시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="242"/>
        <source>Dismiss</source>
        <translation>닫기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="253"/>
        <source>All equipment</source>
        <translation>전체 설비</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="255"/>
        <source>All priorities</source>
        <translation>전체 우선순위</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="262"/>
        <source>Equipment</source>
        <translation>설비</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="262"/>
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="263"/>
        <source>Show</source>
        <translation>표시</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="469"/>
        <source>Select an alarm</source>
        <translation>알람을 선택하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="308"/>
        <source>Comment (optional)</source>
        <translation>코멘트 (선택)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="504"/>
        <source>Acknowledge</source>
        <translation>확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="317"/>
        <source>Acknowledge all shown</source>
        <translation>표시된 알람 모두 확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="505"/>
        <source>Shelve…</source>
        <translation>보류…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="318"/>
        <source>Unshelve</source>
        <translation>보류 해제</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="319"/>
        <source>Out of service…</source>
        <translation>서비스 제외…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="320"/>
        <source>Return to service</source>
        <translation>서비스 복귀</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="321"/>
        <source>Reset latched</source>
        <translation>래치 리셋</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="423"/>
        <source>{0} more alarms: show them</source>
        <translation>알람 {0}건 더 있음: 표시</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="427"/>
        <source>{0} shown, {1} unacknowledged</source>
        <translation>{0}건 표시, 미확인 {1}건</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="432"/>
        <source>✔ No alarms ({0}) for this filter.</source>
        <translation>✔ 이 필터에 해당하는 알람({0})이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="434"/>
        <source>No alarms: {0}, for this filter.</source>
        <translation>이 필터에 해당하는 알람 없음: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="470"/>
        <source>Cause and corrective action of the selected alarm are shown here.</source>
        <translation>선택한 알람의 원인과 조치 방법이 여기에 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="477"/>
        <source>&lt;b&gt;State:&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;상태:&lt;/b&gt; {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="478"/>
        <source>&lt;b&gt;Equipment:&lt;/b&gt; {0} &amp;nbsp; &lt;b&gt;Alarm:&lt;/b&gt; {1}</source>
        <translation>&lt;b&gt;설비:&lt;/b&gt; {0} &amp;nbsp; &lt;b&gt;알람:&lt;/b&gt; {1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="479"/>
        <source>&lt;b&gt;Value:&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;값:&lt;/b&gt; {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="480"/>
        <source>&lt;b&gt;Raised:&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;발생:&lt;/b&gt; {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="483"/>
        <source>&lt;b&gt;Acknowledged:&lt;/b&gt; {0} by {1}</source>
        <translation>&lt;b&gt;확인:&lt;/b&gt; {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="485"/>
        <source>&lt;b&gt;Reason:&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;사유:&lt;/b&gt; {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="487"/>
        <source>&lt;b&gt;Latching:&lt;/b&gt; </source>
        <translation>&lt;b&gt;래치:&lt;/b&gt; </translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="487"/>
        <source>reset needed (condition gone)</source>
        <translation>리셋 필요 (조건 해소됨)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="488"/>
        <source>latched, condition still active</source>
        <translation>래치됨, 조건 계속 발생 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="489"/>
        <source>yes</source>
        <translation>예</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="490"/>
        <source>&lt;br&gt;&lt;b&gt;Cause&lt;/b&gt;&lt;br&gt;{0}</source>
        <translation>&lt;br&gt;&lt;b&gt;원인&lt;/b&gt;&lt;br&gt;{0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="490"/>
        <location filename="../../hmi/ui/pages/alarms.py" line="492"/>
        <source>(not documented)</source>
        <translation>(기록 없음)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="491"/>
        <source>&lt;br&gt;&lt;b&gt;Corrective action&lt;/b&gt;&lt;br&gt;{0}</source>
        <translation>&lt;br&gt;&lt;b&gt;조치 방법&lt;/b&gt;&lt;br&gt;{0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="520"/>
        <source>no user database on this station: alarm actions are not possible</source>
        <translation>이 스테이션에 사용자 DB가 없어 알람 조작을 할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="524"/>
        <source>needs {0}</source>
        <translation>필요 권한: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="524"/>
        <source>; log in first</source>
        <translation>; 먼저 로그인하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="533"/>
        <source>acknowledge</source>
        <translation>확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="533"/>
        <source>shelve</source>
        <translation>보류</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="534"/>
        <source>take out of service</source>
        <translation>서비스 해제</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="534"/>
        <source>reset</source>
        <translation>리셋</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="537"/>
        <source>Log in to act on alarms.</source>
        <translation>알람을 처리하려면 로그인하십시오.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="539"/>
        <source>{0} ({1}) may not: {2}</source>
        <translation>{0} ({1}) 권한 없음: {2}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="541"/>
        <source>{0} (needs {1})</source>
        <translation>{0} ({1} 필요)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="564"/>
        <source>No user database on this station: alarm actions are not possible.</source>
        <translation>이 스테이션에 사용자 DB가 없어 알람 조작을 할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="588"/>
        <source>{0} failed: {1}</source>
        <translation>{0} 실패: {1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="607"/>
        <source>Acknowledged: {0}</source>
        <translation>확인됨: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="608"/>
        <source>Nothing to acknowledge</source>
        <translation>확인할 알람 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="613"/>
        <source>Nothing to acknowledge in the alarms shown.</source>
        <translation>표시된 알람 중 확인할 것이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="618"/>
        <source>Acknowledged 1 alarm</source>
        <translation>알람 1건 확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="619"/>
        <source>Acknowledged {0} alarms</source>
        <translation>알람 {0}건 확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="631"/>
        <source>Shelve alarm</source>
        <translation>알람 보류</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="631"/>
        <source>Shelve “{0}”? It is hidden from the summary and the banner until the time runs out.</source>
        <translation>“{0}” 알람을 보류할까요? 보류 시간이 끝날 때까지 알람 목록과 배너에 표시되지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="638"/>
        <source>Shelved: {0}</source>
        <translation>보류됨: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="644"/>
        <source>Unshelved: {0}</source>
        <translation>보류 해제됨: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="651"/>
        <source>Take alarm out of service</source>
        <translation>알람 서비스 제외</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="652"/>
        <source>Take “{0}” out of service? It stays out until returned.</source>
        <translation>“{0}” 알람을 서비스에서 제외할까요? 복귀시킬 때까지 제외된 상태로 유지됩니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="658"/>
        <source>Out of service: {0}</source>
        <translation>서비스 제외됨: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="665"/>
        <source>Back in service: {0}</source>
        <translation>서비스 복귀됨: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="672"/>
        <source>Reset: {0}</source>
        <translation>리셋됨: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="672"/>
        <source>Nothing to reset</source>
        <translation>리셋할 알람 없음</translation>
    </message>
</context>
<context>
    <name>AuditAction</name>
    <message>
        <location filename="../../hmi/security/audit.py" line="96"/>
        <source>login</source>
        <extracomment>Audit action names used by :class:`hmi.security.access.Access` (and to be used by the UI). Action names as the UI shows them (translatable; the stored action is always the name itself).</extracomment>
        <translation>로그인</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="97"/>
        <source>login.failed</source>
        <translation>로그인 실패</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="98"/>
        <source>logout</source>
        <translation>로그아웃</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="99"/>
        <source>login.throttled</source>
        <translation>로그인 지연</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="100"/>
        <source>user.unlock</source>
        <translation>로그인 잠금 해제</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="101"/>
        <source>access.denied</source>
        <translation>권한 거부</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="102"/>
        <source>alarm.acknowledge</source>
        <translation>알람 확인</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="103"/>
        <source>alarm.shelve</source>
        <translation>알람 보류</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="104"/>
        <source>alarm.unshelve</source>
        <translation>알람 보류 해제</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="105"/>
        <source>alarm.out_of_service</source>
        <translation>알람 서비스 제외</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="106"/>
        <source>alarm.in_service</source>
        <translation>알람 서비스 복귀</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="107"/>
        <source>alarm.reset</source>
        <translation>알람 리셋</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="108"/>
        <source>setpoint.write</source>
        <translation>설정값 쓰기</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="109"/>
        <source>setpoint.write_failed</source>
        <translation>설정값 쓰기 실패</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="110"/>
        <source>inspection.override</source>
        <translation>검사 판정 변경</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="111"/>
        <source>maintenance.log</source>
        <translation>정비 일지</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="112"/>
        <source>maintenance.false_alarm</source>
        <translation>정비: 오경보 표시</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="113"/>
        <source>maintenance.relearn</source>
        <translation>정비: 정상 운전 재학습</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="114"/>
        <source>shift.log</source>
        <translation>교대 일지</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="115"/>
        <source>config.change</source>
        <translation>설정 변경</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="116"/>
        <source>plant.save</source>
        <translation>플랜트 파일 저장</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="117"/>
        <source>selfcheck.rate</source>
        <translation>스마트공장 수준 자가진단</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="118"/>
        <source>trace.event</source>
        <translation>부품 이력 기록</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="119"/>
        <source>user.create</source>
        <translation>사용자 생성</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="120"/>
        <source>user.disable</source>
        <translation>사용자 비활성화</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="121"/>
        <source>user.enable</source>
        <translation>사용자 활성화</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="122"/>
        <source>user.role</source>
        <translation>권한 변경</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="123"/>
        <source>user.password</source>
        <translation>비밀번호 변경</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="124"/>
        <source>user.pin</source>
        <translation>PIN 변경</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="125"/>
        <source>audit.verify</source>
        <translation>감사 추적 검증</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="126"/>
        <source>inspection.accept</source>
        <translation>AI 판정 승인</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="127"/>
        <source>model.activate</source>
        <translation>모델 적용</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="128"/>
        <source>model.train</source>
        <translation>모델 재학습</translation>
    </message>
    <message>
        <location filename="../../hmi/security/audit.py" line="129"/>
        <source>model.import</source>
        <translation>모델 가져오기</translation>
    </message>
</context>
<context>
    <name>DeviceDialog</name>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="141"/>
        <source>Edit device</source>
        <translation>장치 편집</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="141"/>
        <source>Add device</source>
        <translation>장치 추가</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="154"/>
        <source>Line</source>
        <translation>라인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="155"/>
        <source>Id (letters, digits, _)</source>
        <translation>ID (영문자, 숫자, _)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="155"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="156"/>
        <source>Kind (press, caster, welder ...)</source>
        <translation>종류 (press, caster, welder ...)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="157"/>
        <source>Description</source>
        <translation>설명</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="166"/>
        <source>Protocol</source>
        <translation>프로토콜</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="65"/>
        <source>Host (IP address or name)</source>
        <extracomment>connection fields as the form labels them</extracomment>
        <translation>호스트 (IP 주소 또는 이름)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="66"/>
        <source>Port</source>
        <translation>포트</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="67"/>
        <source>Unit id</source>
        <translation>유닛 ID</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="68"/>
        <source>Timeout (s)</source>
        <translation>타임아웃 (초)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="69"/>
        <source>Retries</source>
        <translation>재시도 횟수</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="70"/>
        <source>Serial port (COM3, /dev/ttyUSB0)</source>
        <translation>시리얼 포트 (COM3, /dev/ttyUSB0)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="71"/>
        <source>Baud rate</source>
        <translation>통신 속도 (baud)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="72"/>
        <source>Parity (N, E, O)</source>
        <translation>패리티 (N, E, O)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="73"/>
        <source>Stop bits</source>
        <translation>정지 비트</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="74"/>
        <source>Data bits</source>
        <translation>데이터 비트</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="75"/>
        <source>Endpoint (opc.tcp://host:4840/path)</source>
        <translation>엔드포인트 (opc.tcp://host:4840/path)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="76"/>
        <source>Security policy (None, Basic256Sha256)</source>
        <translation>보안 정책 (None, Basic256Sha256)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="77"/>
        <source>Security mode (None, Sign, SignAndEncrypt)</source>
        <translation>보안 모드 (None, Sign, SignAndEncrypt)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="78"/>
        <source>User name (empty: anonymous)</source>
        <translation>사용자 이름 (비우면 익명)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="79"/>
        <source>Password from environment variable</source>
        <translation>비밀번호를 읽을 환경 변수</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="80"/>
        <source>Rack</source>
        <translation>랙</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="81"/>
        <source>Slot (S7-1200/1500: 1; S7-300: 2)</source>
        <translation>슬롯 (S7-1200/1500: 1, S7-300: 2)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="317"/>
        <source>Device</source>
        <translation>장치</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="317"/>
        <source>Line</source>
        <translation>라인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="318"/>
        <source>Protocol</source>
        <translation>프로토콜</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="318"/>
        <location filename="../../hmi/ui/pages/devices.py" line="360"/>
        <location filename="../../hmi/ui/pages/devices.py" line="404"/>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="319"/>
        <location filename="../../hmi/ui/pages/devices.py" line="733"/>
        <source>Tags</source>
        <translation>태그</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="319"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="360"/>
        <source>Tag</source>
        <translation>태그</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="361"/>
        <location filename="../../hmi/ui/pages/devices.py" line="405"/>
        <source>Type</source>
        <translation>형식</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="361"/>
        <location filename="../../hmi/ui/pages/devices.py" line="406"/>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="362"/>
        <source>Unit</source>
        <translation>단위</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="362"/>
        <source>Quality</source>
        <translation>품질</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="363"/>
        <source>Scan</source>
        <translation>스캔</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="363"/>
        <source>Alarms</source>
        <translation>알람</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="350"/>
        <location filename="../../hmi/ui/pages/devices.py" line="385"/>
        <source>not applied</source>
        <translation>적용 전</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="120"/>
        <source>OK</source>
        <translation>확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="121"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="353"/>
        <source>starting</source>
        <translation>시작 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="355"/>
        <source>connected</source>
        <translation>연결됨</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="356"/>
        <source>no connection</source>
        <translation>연결 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="404"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="405"/>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="406"/>
        <source>Description</source>
        <translation>설명</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="422"/>
        <source>Register</source>
        <translation>레지스터</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="470"/>
        <source>Saved</source>
        <translation>저장 시각</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="470"/>
        <source>By</source>
        <translation>저장한 사람</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="471"/>
        <source>File</source>
        <translation>파일</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="471"/>
        <source>Changes</source>
        <translation>변경 내용</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="485"/>
        <source>Row</source>
        <translation>행</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="485"/>
        <source>Column</source>
        <translation>열</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="486"/>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="665"/>
        <source>Scan class</source>
        <translation>스캔 등급</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="666"/>
        <source>Period (s)</source>
        <translation>주기 (초)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="713"/>
        <source>Devices and tags</source>
        <translation>장치와 태그</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="714"/>
        <source>Devices</source>
        <translation>장치</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="715"/>
        <source>Apply (preview live)</source>
        <translation>적용 (실시간 미리보기)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="716"/>
        <source>Save and apply</source>
        <translation>저장 후 적용</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="717"/>
        <source>Undo</source>
        <translation>되돌리기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="718"/>
        <source>Add device...</source>
        <translation>장치 추가...</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="719"/>
        <source>Edit device...</source>
        <translation>장치 편집...</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="720"/>
        <location filename="../../hmi/ui/pages/devices.py" line="923"/>
        <source>Remove device</source>
        <translation>장치 삭제</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="721"/>
        <source>Test connection</source>
        <translation>연결 시험</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="722"/>
        <source>Add tag...</source>
        <translation>태그 추가...</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="723"/>
        <source>Edit tag...</source>
        <translation>태그 편집...</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="724"/>
        <source>Remove tag</source>
        <translation>태그 삭제</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="725"/>
        <source>Import sheet...</source>
        <translation>시트 가져오기...</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="726"/>
        <source>Template...</source>
        <translation>양식...</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="727"/>
        <location filename="../../hmi/ui/pages/devices.py" line="733"/>
        <source>Browse</source>
        <translation>탐색</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="728"/>
        <source>Up</source>
        <translation>위로</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="729"/>
        <source>Add as tag</source>
        <translation>태그로 추가</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="730"/>
        <source>Load this version into the editor</source>
        <translation>이 버전을 편집기로 불러오기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="731"/>
        <source>Set period</source>
        <translation>주기 설정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="732"/>
        <source>Remove scan class</source>
        <translation>스캔 등급 삭제</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="733"/>
        <source>Scan classes</source>
        <translation>스캔 등급</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="733"/>
        <source>Versions</source>
        <translation>버전</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="735"/>
        <source>OPC UA: a node (empty: the top); Modbus: holding_register 0 20; S7: DB10 0 64</source>
        <translation>OPC UA: 노드 (비우면 최상위), Modbus: holding_register 0 20, S7: DB10 0 64</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="737"/>
        <source>seconds, e.g. 0.5</source>
        <translation>초, 예: 0.5</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="751"/>
        <source>This station was started without a plant file: start it with lineside run --config FILE to set devices up here.</source>
        <translation>이 스테이션은 플랜트 파일 없이 시작되었습니다. 여기서 장치를 설정하려면 lineside run --config FILE 로 시작하십시오.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="757"/>
        <source>Setting up devices needs {0}{1}.</source>
        <translation>장치 설정에는 {0} 권한이 필요합니다{1}.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="758"/>
        <source>; log in first</source>
        <translation>; 먼저 로그인하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="782"/>
        <source>Plant file: {0}{1}</source>
        <translation>플랜트 파일: {0}{1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="783"/>
        <source> (not written yet: Save writes it; start the station with lineside run --config {0})</source>
        <translation> (아직 기록되지 않음: 저장하면 기록됩니다. 스테이션은 lineside run --config {0} 로 시작하십시오)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="807"/>
        <source>Apply first: {0} is browsed through the station&apos;s connection.</source>
        <translation>먼저 적용하십시오: {0}은(는) 스테이션의 연결을 통해 탐색됩니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="812"/>
        <source>Not saved: {0} changes against the file.</source>
        <translation>저장되지 않음: 파일 대비 변경 {0}건.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="814"/>
        <source>Not applied yet: Apply to see live values.</source>
        <translation>아직 적용되지 않음: 적용하면 실시간 값이 보입니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="816"/>
        <source>The station runs the saved plant file.</source>
        <translation>스테이션이 저장된 플랜트 파일로 운전 중입니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="892"/>
        <source>choose the line the device is on</source>
        <translation>장치가 속한 라인을 고르십시오</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="924"/>
        <source>Remove {0} and its {1} tags from the plant file?</source>
        <translation>{0}와(과) 그 태그 {1}개를 플랜트 파일에서 삭제하시겠습니까?</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="930"/>
        <source>{0} stays: {1}</source>
        <translation>{0} 유지됨: {1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="944"/>
        <source>Testing {0}...</source>
        <translation>{0} 시험 중...</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="952"/>
        <source>{0} answers in {1} ms ({2}); {3}</source>
        <translation>{0} 응답 {1} ms ({2}); {3}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="954"/>
        <source>it gives no identity</source>
        <translation>장치 식별 정보 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="957"/>
        <source>{0} does not answer: {1}</source>
        <translation>{0} 응답 없음: {1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="978"/>
        <source>Add a tag to {0}</source>
        <translation>{0}에 태그 추가</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="988"/>
        <source>Edit {0}.{1}</source>
        <translation>{0}.{1} 편집</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1000"/>
        <source>{0}.{1} stays: {2}</source>
        <translation>{0}.{1} 유지됨: {2}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1006"/>
        <source>Import a tag sheet</source>
        <translation>태그 시트 가져오기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1007"/>
        <location filename="../../hmi/ui/pages/devices.py" line="1068"/>
        <source>Tag sheets (*.xlsx *.csv)</source>
        <translation>태그 시트 (*.xlsx *.csv)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1034"/>
        <source>imported as {0}: {1}, {2}</source>
        <translation>{0}(으)로 가져옴: {1}, {2}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1038"/>
        <source>{0}: {1} tags imported into {2}. Apply to see their values.</source>
        <translation>{0}: 태그 {1}개를 {2}에 가져왔습니다. 적용하면 값이 보입니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1052"/>
        <source>{0}: {1} problems; nothing was imported. Correct the sheet and import it again.</source>
        <translation>{0}: 문제 {1}건, 아무것도 가져오지 않았습니다. 시트를 고친 뒤 다시 가져오십시오.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1067"/>
        <source>Save the tag sheet template</source>
        <translation>태그 시트 양식 저장</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1071"/>
        <source>Template written to {0}: one row per tag, then Import sheet.</source>
        <translation>양식을 {0}에 저장했습니다: 태그마다 한 행씩 채운 뒤 시트 가져오기.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1080"/>
        <source>Asking {0}...</source>
        <translation>{0}에 묻는 중...</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1087"/>
        <source>{0} registers. Pick the cell whose reading looks right, then Add as tag.</source>
        <translation>레지스터 {0}개. 값이 맞아 보이는 칸을 고른 뒤 태그로 추가하십시오.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1090"/>
        <source>{0}: {1} items{2}</source>
        <translation>{0}: 항목 {1}개{2}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1091"/>
        <source>top</source>
        <translation>최상위</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1092"/>
        <source>; double-click a folder (▸) to open it</source>
        <translation>; 폴더(▸)를 두 번 눌러 여십시오</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1099"/>
        <source>Browse failed: {0}</source>
        <translation>탐색 실패: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1137"/>
        <source>{0} not added: {1}</source>
        <translation>{0} 추가 안 됨: {1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1139"/>
        <source>{0} added as {1}.{2} ({3}); Edit tag to give it a unit, range and alarms.</source>
        <translation>{0}을(를) {1}.{2}({3})(으)로 추가했습니다. 태그 편집에서 단위, 범위, 알람을 정하십시오.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1155"/>
        <source>Scan class not set: {0}</source>
        <translation>스캔 등급 설정 안 됨: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1165"/>
        <source>Scan class stays: {0}</source>
        <translation>스캔 등급 유지됨: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1193"/>
        <source>Version {0} does not load: {1}</source>
        <translation>버전 {0}을(를) 불러올 수 없습니다: {1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1196"/>
        <source>Version {0} of {1} loaded into the editor: Apply or Save to run it.</source>
        <translation>{1}의 버전 {0}을(를) 편집기로 불러왔습니다: 적용 또는 저장하면 운전에 쓰입니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1216"/>
        <source>Applying...</source>
        <translation>적용 중...</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1233"/>
        <source>Saving...</source>
        <translation>저장 중...</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1240"/>
        <source>; the previous file kept as {0}</source>
        <translation>; 이전 파일은 {0}(으)로 보관</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1241"/>
        <source>Saved to {0} (version {1}{2}). {3}</source>
        <translation>{0}에 저장했습니다 (버전 {1}{2}). {3}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1252"/>
        <source>Refused: {0}</source>
        <translation>거부됨: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1255"/>
        <source>no device</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1256"/>
        <source>Acquisition restarted for {0}; every other device read on without a break.</source>
        <translation>{0}의 수집을 다시 시작했습니다. 다른 장치는 끊김 없이 계속 읽었습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1258"/>
        <source>alarms</source>
        <translation>알람</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1258"/>
        <source>maintenance models</source>
        <translation>정비 모델</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1259"/>
        <source>KPIs</source>
        <translation>KPI</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1259"/>
        <source>traceability</source>
        <translation>추적성</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1259"/>
        <source>inspection</source>
        <translation>검사</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1260"/>
        <source>log-in rules</source>
        <translation>로그인 규칙</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1260"/>
        <source>historian settings</source>
        <translation>히스토리언 설정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1261"/>
        <source>translations</source>
        <translation>번역</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1261"/>
        <source>the other pages</source>
        <translation>다른 화면</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="1262"/>
        <source>Restart the station for: {0}.</source>
        <translation>다음은 스테이션을 다시 시작해야 반영됩니다: {0}.</translation>
    </message>
</context>
<context>
    <name>Downtime</name>
    <message>
        <location filename="../../hmi/kpi/accounting.py" line="64"/>
        <source>idle (no reason)</source>
        <extracomment>the downtime Pareto&apos;s classes of stops nobody booked a reason for (translatable; the English text is the key)</extracomment>
        <translation>대기 (사유 미입력)</translation>
    </message>
    <message>
        <location filename="../../hmi/kpi/accounting.py" line="64"/>
        <source>fault (no reason)</source>
        <translation>고장 (사유 미입력)</translation>
    </message>
    <message>
        <location filename="../../hmi/kpi/accounting.py" line="65"/>
        <source>no data</source>
        <translation>데이터 없음</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <location filename="../../hmi/ui/login.py" line="408"/>
        <source>First start: create the administrator</source>
        <translation>최초 시작: 관리자 계정 만들기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="412"/>
        <source>No administrator exists on this station yet. Create one now; the administrator then adds the operators, engineers and other users on the Users page.</source>
        <translation>이 스테이션에는 아직 관리자가 없습니다. 지금 관리자 계정을 만드세요. 관리자는 사용자 화면에서 작업자, 엔지니어 등 다른 사용자를 추가합니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="424"/>
        <source>optional, 4-8 digits</source>
        <translation>선택, 4~8자리 숫자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="426"/>
        <source>Administrator name</source>
        <translation>관리자 이름</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="427"/>
        <source>Password</source>
        <translation>비밀번호</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="428"/>
        <source>Repeat password</source>
        <translation>비밀번호 확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="429"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="433"/>
        <source>Create administrator</source>
        <translation>관리자 만들기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="437"/>
        <source>Later</source>
        <translation>나중에</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="455"/>
        <source>Enter the administrator&apos;s name.</source>
        <translation>관리자 이름을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="458"/>
        <source>The two passwords differ.</source>
        <translation>두 비밀번호가 다릅니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="462"/>
        <source>Creating…</source>
        <translation>만드는 중…</translation>
    </message>
</context>
<context>
    <name>HealthTile</name>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="103"/>
        <source>Health 0-100: 50 at the anomaly threshold, 0 at a trip limit; arrow = trend</source>
        <translation>건전성 0~100: 이상 임계값에서 50, 트립 한계에서 0, 화살표 = 추세</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="129"/>
        <source>False alarm</source>
        <translation>오경보</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="131"/>
        <source>This anomaly on {0} is not a fault: learn this running as normal</source>
        <translation>{0}의 이 이상 감지는 고장이 아닙니다: 이 운전을 정상으로 학습</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="135"/>
        <source>Re-learn normal running</source>
        <translation>정상 운전 재학습</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="137"/>
        <source>Forget what was learnt on {0} and learn its normal running again (after a repair or a process change)</source>
        <translation>{0}에서 학습한 내용을 지우고 정상 운전을 다시 학습합니다 (수리 또는 공정 변경 후)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="179"/>
        <source>Not watched</source>
        <translation>감시 안 함</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="191"/>
        <source>ANOMALY since {0}</source>
        <translation>{0}부터 이상 감지</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="193"/>
        <source>Contributing sensors: {0}</source>
        <translation>주요 원인 센서: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="195"/>
        <source>Learning normal running … {0} %</source>
        <translation>정상 운전 학습 중 … {0} %</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="199"/>
        <source>Waiting for data</source>
        <translation>데이터 대기 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="203"/>
        <source>AT AN ALARM LIMIT</source>
        <translation>알람 한계 도달</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="207"/>
        <source>Normal</source>
        <translation>정상</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="213"/>
        <source>At the limit now: </source>
        <translation>현재 한계 도달: </translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="216"/>
        <source>No value trending towards an alarm limit</source>
        <translation>알람 한계로 향하는 값 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="221"/>
        <source>Recommended: {0}</source>
        <translation>권장 조치: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="223"/>
        <source>Forecast: {0}</source>
        <translation>예측: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="231"/>
        <source>{0} h</source>
        <translation>{0}시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="231"/>
        <source>{0} days</source>
        <translation>{0}일</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="233"/>
        <source>Anomalies: {0} in {1} of running judged</source>
        <translation>이상 감지: 판정한 가동 {1} 동안 {0}건</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="236"/>
        <source>({0} marked false: {1} a day)</source>
        <translation>(오경보 표시 {0}건: 하루 {1}건)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="237"/>
        <source>({0} marked false)</source>
        <translation>(오경보 표시 {0}건)</translation>
    </message>
</context>
<context>
    <name>ImageViewer</name>
    <message>
        <location filename="../../widgets/image_viewer.py" line="164"/>
        <source>Auto</source>
        <translation>자동</translation>
    </message>
    <message>
        <location filename="../../widgets/image_viewer.py" line="165"/>
        <source>Window/level from the 1st..99th percentile</source>
        <translation>1~99 백분위수로 윈도/레벨 자동 설정</translation>
    </message>
    <message>
        <location filename="../../widgets/image_viewer.py" line="168"/>
        <source>Fit</source>
        <translation>맞춤</translation>
    </message>
    <message>
        <location filename="../../widgets/image_viewer.py" line="171"/>
        <source>Heatmap</source>
        <translation>히트맵</translation>
    </message>
    <message>
        <location filename="../../widgets/image_viewer.py" line="181"/>
        <source>Outline</source>
        <translation>윤곽선</translation>
    </message>
    <message>
        <location filename="../../widgets/image_viewer.py" line="187"/>
        <source>Window</source>
        <translation>윈도</translation>
    </message>
    <message>
        <location filename="../../widgets/image_viewer.py" line="187"/>
        <source>Level</source>
        <translation>레벨</translation>
    </message>
    <message>
        <location filename="../../widgets/image_viewer.py" line="199"/>
        <source>Opacity</source>
        <translation>불투명도</translation>
    </message>
    <message>
        <location filename="../../widgets/image_viewer.py" line="222"/>
        <source>no image</source>
        <translation>이미지 없음</translation>
    </message>
    <message>
        <location filename="../../widgets/image_viewer.py" line="394"/>
        <source>x {0}  y {1}  value {2}</source>
        <translation>x {0}  y {1}  값 {2}</translation>
    </message>
    <message>
        <location filename="../../widgets/image_viewer.py" line="398"/>
        <source>AI {0}</source>
        <translation>AI {0}</translation>
    </message>
</context>
<context>
    <name>Inspection</name>
    <message>
        <location filename="../../hmi/inspection/records.py" line="117"/>
        <source>pending</source>
        <translation>검토 대기</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/records.py" line="120"/>
        <source>accepted ({0}) by {1}</source>
        <translation>{1} 님이 승인 ({0})</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/records.py" line="122"/>
        <source>decided {0} by {1}</source>
        <translation>{1} 님이 {0}(으)로 판정</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/records.py" line="123"/>
        <source>overridden to {0} by {1}</source>
        <translation>{1} 님이 {0}(으)로 변경</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/line.py" line="60"/>
        <source>Inspection station {0}: a part got no verdict for the gate</source>
        <extracomment>the verdict as the PLC receives it in ``verdict_tag`` no verdict could be given (unreadable, blank, flat or too small image; no model; inference failed): review virtual tag of a station&apos;s alarm &quot;a part got no verdict in time&quot;: ``&quot;&lt;station id&gt;.undelivered&quot;``</extracomment>
        <translation>검사 스테이션 {0}: 게이트에 판정이 전달되지 않은 부품이 있음</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/line.py" line="61"/>
        <source>The inspection fell behind the line or the verdict could not be written to the PLC</source>
        <translation>검사가 라인 속도를 따라가지 못했거나 PLC에 판정을 쓸 수 없었음</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/line.py" line="63"/>
        <source>Check the parts the gate let through without a verdict; check the station&apos;s PLC connection and load</source>
        <translation>판정 없이 게이트를 통과한 부품을 확인하고, 스테이션의 PLC 연결과 부하를 점검하십시오</translation>
    </message>
</context>
<context>
    <name>InspectionPage</name>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="39"/>
        <source>Captured</source>
        <translation>촬영</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="39"/>
        <source>Part</source>
        <translation>부품</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="40"/>
        <location filename="../../hmi/ui/pages/inspection.py" line="248"/>
        <source>Station</source>
        <translation>스테이션</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="40"/>
        <source>AI verdict</source>
        <translation>AI 판정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="41"/>
        <source>Score</source>
        <translation>점수</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="41"/>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="42"/>
        <source>Review</source>
        <translation>검토</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="43"/>
        <source>All verdicts</source>
        <translation>전체 판정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="44"/>
        <source>- reason code (required to override) -</source>
        <translation>- 사유 코드 (판정 변경 시 필수) -</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="66"/>
        <source>pending</source>
        <translation>검토 대기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="68"/>
        <source>accepted ({0}) by {1}</source>
        <translation>{1} 승인 ({0})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="71"/>
        <source>decided {0} by {1}</source>
        <translation>{1} 판정 {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="73"/>
        <source>overridden to {0} by {1}</source>
        <translation>{1} 판정 변경 → {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="228"/>
        <source>Pending only</source>
        <translation>검토 대기만</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="239"/>
        <location filename="../../hmi/ui/pages/inspection.py" line="465"/>
        <source>All stations</source>
        <translation>전체 스테이션</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="241"/>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="247"/>
        <source>Verdict</source>
        <translation>판정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="286"/>
        <source>Review statistics (parts of the last {0} days)</source>
        <translation>검토 통계 (최근 {0}일 부품)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="401"/>
        <source>AI-inspector agreement: ---</source>
        <translation>AI-검사원 일치율: ---</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="395"/>
        <source>Select a part in the queue</source>
        <translation>대기열에서 부품을 선택하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="637"/>
        <location filename="../../hmi/ui/pages/inspection.py" line="642"/>
        <source>Accept AI verdict</source>
        <translation>AI 판정 승인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="639"/>
        <location filename="../../hmi/ui/pages/inspection.py" line="643"/>
        <source>Override to OK</source>
        <translation>OK로 변경</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="640"/>
        <location filename="../../hmi/ui/pages/inspection.py" line="644"/>
        <source>Override to NG</source>
        <translation>NG로 변경</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="343"/>
        <source>comment (optional; required for &apos;other&apos;)</source>
        <translation>코멘트 (선택, &apos;기타&apos;는 필수)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="345"/>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="346"/>
        <source>Comment</source>
        <translation>코멘트</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="391"/>
        <source>No plant database: inspections are not recorded</source>
        <translation>공장 DB 없음: 검사 결과가 기록되지 않습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="455"/>
        <source>Could not read the inspections: {0}</source>
        <translation>검사 결과를 읽을 수 없습니다: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="499"/>
        <source>{0} new parts arrived: show them</source>
        <translation>새 부품 {0}개 도착: 표시</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="503"/>
        <source>{0} parts shown, {1} pending review</source>
        <translation>부품 {0}개 표시, 검토 대기 {1}개</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="504"/>
        <source> (newest {0})</source>
        <translation> (최근 {0}개)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="515"/>
        <source>AI-inspector agreement: --- (no reviews of ok/NG verdicts yet)</source>
        <translation>AI-검사원 일치율: --- (양품/불량 판정 검토 아직 없음)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="517"/>
        <source>AI-inspector agreement: {0} % ({1} of {2} reviews)</source>
        <translation>AI-검사원 일치율: {0} % (검토 {2}건 중 {1}건)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="522"/>
        <source>AI verdicts: NG {0}, WARN {1}, ok {2}, error {3}  |  reviewed {4} of {5}, pending {6}  |  final: ok {7}, NG {8}, WARN decided {9}</source>
        <translation>AI 판정: 불량 {0}, 주의 {1}, 양품 {2}, 오류 {3}  |  검토 {5}건 중 {4}건, 대기 {6}건  |  최종: 양품 {7}, 불량 {8}, 주의 판정 {9}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="527"/>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="528"/>
        <source>Overrides per day (UTC): {0}  (total {1})</source>
        <translation>일별 판정 변경 (UTC): {0}  (합계 {1})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="537"/>
        <source>{0}: loading the model...</source>
        <translation>{0}: 모델을 불러오는 중...</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="539"/>
        <source>{0}: {1} verdicts to the PLC, {2} too late, {3} parts without an image, {4} images waiting</source>
        <translation>{0}: PLC로 판정 {1}건, 지연 {2}건, 이미지 없는 부품 {3}개, 대기 중인 이미지 {4}장</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="543"/>
        <source>; image to PLC {0} ms median, {1} ms p99</source>
        <translation>; 이미지에서 PLC까지 중앙값 {0} ms, p99 {1} ms</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="546"/>
        <source>Last problem: {0}</source>
        <translation>마지막 문제: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="592"/>
        <source>Part {0}  ·  {1}  ·  AI {2} (score {3}, model {4})  ·  {5}</source>
        <translation>부품 {0}  ·  {1}  ·  AI {2} (점수 {3}, 모델 {4})  ·  {5}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="596"/>
        <source>No AI verdict: {0}</source>
        <translation>AI 판정 없음: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="601"/>
        <source>loading ...</source>
        <translation>불러오는 중 ...</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="608"/>
        <source>no image</source>
        <translation>이미지 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="618"/>
        <source>image not loaded: {0}</source>
        <translation>이미지를 불러오지 못했습니다: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="630"/>
        <source>WARN and ERROR are not final verdicts: decide OK or NG with a reason</source>
        <translation>WARN과 오류는 최종 판정이 아닙니다: 사유와 함께 OK 또는 NG로 판정하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="636"/>
        <source>Accept AI verdict ({0})</source>
        <translation>AI 판정 승인 ({0})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="639"/>
        <source>Decide OK</source>
        <translation>OK로 판정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="640"/>
        <source>Decide NG</source>
        <translation>NG로 판정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="651"/>
        <source>Log in as inspector, engineer or admin to review</source>
        <translation>검토하려면 검사원, 엔지니어 또는 관리자로 로그인하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="653"/>
        <source>{0} &apos;{1}&apos; may not review inspections (inspector, engineer, admin)</source>
        <translation>{0} &apos;{1}&apos;은(는) 검사를 검토할 수 없습니다 (검사원, 엔지니어, 관리자)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="656"/>
        <source>Reviewing as {0} ({1})</source>
        <translation>검토자: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="670"/>
        <source>Refused: &apos;{0}&apos; is not a final verdict - decide OK or NG with a reason code</source>
        <translation>거부됨: &apos;{0}&apos;은(는) 최종 판정이 아닙니다 - 사유 코드와 함께 OK 또는 NG로 판정하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="683"/>
        <source>Inspection</source>
        <translation>검사</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="690"/>
        <source>Part {0} was already decided {1} by {2}. Change the decision to {3}?</source>
        <translation>부품 {0}은(는) 이미 {2}이(가) {1}(으)로 판정했습니다. {3}(으)로 판정을 바꾸시겠습니까?</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="699"/>
        <source>Saving ...</source>
        <translation>저장 중 ...</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="701"/>
        <source>Refused: log in as inspector, engineer or admin to review inspections</source>
        <translation>거부됨: 검사를 검토하려면 검사원, 엔지니어 또는 관리자로 로그인하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="718"/>
        <source>Part {0}: {1}</source>
        <translation>부품 {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="719"/>
        <source> - reason: {0}</source>
        <translation> - 사유: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="730"/>
        <location filename="../../hmi/ui/pages/inspection.py" line="732"/>
        <source>Refused: {0}</source>
        <translation>거부됨: {0}</translation>
    </message>
</context>
<context>
    <name>JournalEvent</name>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="41"/>
        <source>raised</source>
        <translation>발생</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="42"/>
        <source>cleared</source>
        <translation>해제</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="43"/>
        <source>acknowledged</source>
        <translation>확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="44"/>
        <source>shelved</source>
        <translation>보류</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="45"/>
        <source>unshelved</source>
        <translation>보류 해제</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="46"/>
        <source>suppressed</source>
        <translation>억제</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="47"/>
        <source>unsuppressed</source>
        <translation>억제 해제</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="48"/>
        <source>out of service</source>
        <translation>서비스 제외</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="49"/>
        <source>back in service</source>
        <translation>서비스 복귀</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="50"/>
        <source>reset</source>
        <translation>리셋</translation>
    </message>
</context>
<context>
    <name>JournalPage</name>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="35"/>
        <source>Last hour</source>
        <translation>최근 1시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="36"/>
        <source>Last 8 hours</source>
        <translation>최근 8시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="37"/>
        <source>Last 24 hours</source>
        <translation>최근 24시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="38"/>
        <source>Last 7 days</source>
        <translation>최근 7일</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="39"/>
        <source>Last 30 days</source>
        <translation>최근 30일</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="40"/>
        <source>Custom</source>
        <translation>직접 지정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="51"/>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="51"/>
        <location filename="../../hmi/ui/pages/journal.py" line="289"/>
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="52"/>
        <source>Equipment</source>
        <translation>설비</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="53"/>
        <source>Message</source>
        <translation>메시지</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="53"/>
        <source>Event</source>
        <translation>이벤트</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="54"/>
        <source>State after</source>
        <translation>이후 상태</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="55"/>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="55"/>
        <source>User</source>
        <translation>사용자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="56"/>
        <source>Comment</source>
        <translation>코멘트</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="57"/>
        <location filename="../../hmi/ui/pages/journal.py" line="289"/>
        <source>Alarm</source>
        <translation>알람</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="59"/>
        <source>acceptable</source>
        <extracomment>ISA-18.2 rate ratings of hmi.alarms.health.rate_rating (shown through self.tr)</extracomment>
        <translation>양호</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="59"/>
        <source>manageable</source>
        <translation>관리 가능</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="60"/>
        <source>overloaded</source>
        <translation>과부하</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="60"/>
        <source>no data</source>
        <translation>데이터 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="207"/>
        <source>All equipment</source>
        <extracomment>fixed column widths (px): nothing is measured per row, whatever the number of events</extracomment>
        <translation>전체 설비</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="214"/>
        <source>All priorities</source>
        <translation>전체 우선순위</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="220"/>
        <source>text in message, alarm, user, comment</source>
        <translation>메시지, 알람, 사용자, 코멘트에서 검색</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="225"/>
        <source>Search</source>
        <translation>검색</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="228"/>
        <source>Export CSV…</source>
        <translation>CSV 내보내기…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="243"/>
        <source>to</source>
        <translation>~</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="277"/>
        <source>Alarm system health</source>
        <translation>알람 시스템 상태</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="289"/>
        <source>Raised</source>
        <translation>발생</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="304"/>
        <source>&lt;b&gt;Top 10 most frequent&lt;/b&gt;</source>
        <translation>&lt;b&gt;최다 발생 상위 10&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="305"/>
        <source>&lt;b&gt;Chattering&lt;/b&gt; (≥ 3 raise/clear cycles in 60 s)</source>
        <translation>&lt;b&gt;채터링&lt;/b&gt; (60초 내 발생/해제 3회 이상)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="325"/>
        <location filename="../../hmi/ui/pages/journal.py" line="375"/>
        <source>No database on this station: there is no alarm journal.</source>
        <translation>이 스테이션에 DB가 없어 알람 이력이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="357"/>
        <source>Searching…</source>
        <translation>검색 중…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="386"/>
        <source> (the newest {0}; narrow the search for older ones)</source>
        <translation> (최근 {0}건, 이전 기록은 검색 범위를 좁히세요)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="387"/>
        <source>1 event{0}, newest first.</source>
        <translation>이벤트 1건{0}, 최신순.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="388"/>
        <source>{0} events{1}, newest first.</source>
        <translation>이벤트 {0}건{1}, 최신순.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="389"/>
        <source>No alarm events for this search.</source>
        <translation>검색 조건에 맞는 알람 이벤트가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="394"/>
        <source>Journal search failed: {0}</source>
        <translation>이력 검색 실패: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="410"/>
        <source>No data.</source>
        <translation>데이터 없음.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="417"/>
        <source>⚠ ALARM FLOOD NOW: {0} alarms in the last {1} min (more than {2})</source>
        <translation>⚠ 알람 폭주 중: 최근 {1}분 동안 알람 {0}건 ({2}건 초과)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="423"/>
        <source>⚠ {0} flood period(s) in this range (worst: {1} alarms in {2} min from {3}); now: {4} in the last {2} min</source>
        <translation>⚠ 이 기간의 알람 폭주 {0}회 (최악: {3}부터 {2}분 동안 {1}건), 현재: 최근 {2}분 동안 {4}건</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="429"/>
        <source>✔ No flood: at most {0} alarms in any {1} min (flood: more than {2})</source>
        <translation>✔ 폭주 없음: {1}분 동안 최대 {0}건 (폭주 기준: {2}건 초과)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="433"/>
        <source>Average rate: no data ({0} raised)</source>
        <translation>평균 발생률: 데이터 없음 (발생 {0}건)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="435"/>
        <source>Average rate: &lt;b&gt;{0}&lt;/b&gt; alarms per 10 min ({1}; {2} raised in the range). Target ≤ 1 acceptable, ≤ 2 manageable.</source>
        <translation>평균 발생률: 10분당 알람 &lt;b&gt;{0}&lt;/b&gt;건 ({1}, 기간 내 발생 {2}건). 목표 ≤ 1 양호, ≤ 2 관리 가능.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="452"/>
        <source>{0}: {1} cycles in 60 s ({2} in total)</source>
        <translation>{0}: 60초 내 {1}회 (총 {2}회)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="457"/>
        <source>✔ No chattering alarm in this range.</source>
        <translation>✔ 이 기간에 채터링 알람 없음.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="466"/>
        <source>Export alarm journal</source>
        <translation>알람 이력 내보내기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="467"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="472"/>
        <source>Exporting to {0}…</source>
        <translation>{0}(으)로 내보내는 중…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="477"/>
        <source>Exported 1 event to {0}</source>
        <translation>이벤트 1건을 {0}(으)로 내보냈습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="478"/>
        <source>Exported {0} events to {1}</source>
        <translation>이벤트 {0}건을 {1}(으)로 내보냈습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/journal.py" line="483"/>
        <source>Export failed: {0}</source>
        <translation>내보내기 실패: {0}</translation>
    </message>
</context>
<context>
    <name>Keyboard</name>
    <message>
        <location filename="../../widgets/keyboard.py" line="97"/>
        <source>Shift: the next letter in capitals; twice: caps lock</source>
        <translation>Shift: 다음 글자를 대문자로; 두 번: 대문자 고정</translation>
    </message>
    <message>
        <location filename="../../widgets/keyboard.py" line="98"/>
        <source>Symbols</source>
        <translation>기호</translation>
    </message>
    <message>
        <location filename="../../widgets/keyboard.py" line="99"/>
        <source>Space</source>
        <translation>스페이스</translation>
    </message>
    <message>
        <location filename="../../widgets/keyboard.py" line="101"/>
        <source>Delete the last character</source>
        <translation>마지막 글자 지우기</translation>
    </message>
    <message>
        <location filename="../../widgets/keyboard.py" line="102"/>
        <source>OK</source>
        <translation>확인</translation>
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
    <name>Kpi</name>
    <message>
        <location filename="../../hmi/kpi/service.py" line="250"/>
        <source>line {0} has no [lines.kpi] configuration</source>
        <extracomment>KPI name -&gt; short English label (the UI translates its own copies). KPI name -&gt; (display scale, unit) when no target row says otherwise.</extracomment>
        <translation>라인 {0}에 [lines.kpi] 설정이 없습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/kpi/service.py" line="254"/>
        <source>the period is empty (it starts at or after its end, or in the future)</source>
        <translation>기간이 비어 있습니다 (시작이 끝과 같거나 늦거나, 미래입니다)</translation>
    </message>
    <message>
        <location filename="../../hmi/kpi/oee.py" line="254"/>
        <source>faster than planned: check the planned cycle time</source>
        <translation>계획보다 빠름: 계획 사이클 타임을 확인하십시오</translation>
    </message>
    <message>
        <location filename="../../hmi/kpi/oee.py" line="255"/>
        <source>over 100 % because performance is: check the planned cycle time</source>
        <translation>성능이 100 %를 넘어 함께 초과: 계획 사이클 타임을 확인하십시오</translation>
    </message>
    <message>
        <location filename="../../hmi/kpi/oee.py" line="256"/>
        <source>outside 0-100 %: check the counters</source>
        <translation>0-100 % 범위 밖: 카운터를 확인하십시오</translation>
    </message>
</context>
<context>
    <name>KpiPage</name>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="68"/>
        <source>Availability</source>
        <extracomment>KPIs offered in the trend selector</extracomment>
        <translation>가동률</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="69"/>
        <source>Performance</source>
        <translation>성능</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="70"/>
        <source>Quality</source>
        <translation>품질</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="71"/>
        <source>OEE</source>
        <translation>OEE</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="72"/>
        <source>Units per hour</source>
        <translation>시간당 생산 수</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="73"/>
        <source>Output (good per hour)</source>
        <translation>생산량 (시간당 양품)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="74"/>
        <source>Defects per hour</source>
        <translation>시간당 불량 수</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="75"/>
        <source>Defect rate</source>
        <translation>불량률</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="76"/>
        <source>Man-hours per unit</source>
        <translation>개당 공수</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="77"/>
        <source>MTBF</source>
        <translation>MTBF</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="78"/>
        <source>MTTR</source>
        <translation>MTTR</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="79"/>
        <source>Return rate</source>
        <translation>반품률</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="80"/>
        <source>Trace coverage</source>
        <translation>추적률</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="98"/>
        <source>not configured</source>
        <translation>미설정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="100"/>
        <source>not defined</source>
        <translation>미정의</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="137"/>
        <source>{0} min</source>
        <translation>{0}분</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="201"/>
        <location filename="../../hmi/ui/pages/kpi.py" line="546"/>
        <source>minutes</source>
        <translation>분</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="304"/>
        <source>Current shift</source>
        <translation>현재 교대</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="305"/>
        <source>Today (production day)</source>
        <translation>오늘 (생산일 기준)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="306"/>
        <source>Last 7 days</source>
        <translation>최근 7일</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="311"/>
        <source>Report…</source>
        <translation>보고서…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="312"/>
        <source>Write the shift report of this period as PDF and CSV</source>
        <translation>이 기간의 교대 보고서를 PDF와 CSV로 저장</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="316"/>
        <location filename="../../hmi/ui/pages/kpi.py" line="382"/>
        <location filename="../../hmi/ui/pages/kpi.py" line="695"/>
        <source>Line</source>
        <translation>라인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="317"/>
        <source>Period</source>
        <translation>기간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="343"/>
        <source>target</source>
        <translation>목표</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="349"/>
        <source>Trend</source>
        <translation>트렌드</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="359"/>
        <location filename="../../hmi/ui/pages/kpi.py" line="382"/>
        <location filename="../../hmi/ui/pages/kpi.py" line="695"/>
        <source>KPI</source>
        <translation>KPI</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="359"/>
        <location filename="../../hmi/ui/pages/kpi.py" line="472"/>
        <source>Unit</source>
        <translation>단위</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="359"/>
        <source>Baseline</source>
        <translation>기준</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="359"/>
        <source>Target</source>
        <translation>목표</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="359"/>
        <source>Weight</source>
        <translation>가중치</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="359"/>
        <source>Actual</source>
        <translation>실적</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="360"/>
        <source>Achievement</source>
        <translation>달성률</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="366"/>
        <source>Targets (configuration)</source>
        <translation>목표 (설정)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="376"/>
        <source>Downtime Pareto (all machines)</source>
        <translation>비가동 파레토 (전체 설비)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="386"/>
        <source>All KPIs: line (its output machine) and each machine</source>
        <translation>전체 KPI: 라인(출력 설비 기준)과 설비별</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="235"/>
        <source>Machine</source>
        <translation>설비</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="235"/>
        <source>From</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="236"/>
        <source>Duration</source>
        <translation>지속 시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="236"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="237"/>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="424"/>
        <source>comment (optional)</source>
        <translation>코멘트 (선택)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="753"/>
        <location filename="../../hmi/ui/pages/kpi.py" line="756"/>
        <source>Book reason</source>
        <translation>사유 등록</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="429"/>
        <source>Stops: pick one, then its reason</source>
        <translation>정지: 항목 선택 후 사유 지정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="443"/>
        <source>Production note</source>
        <translation>생산 메모</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="444"/>
        <source>Material receipt</source>
        <translation>자재 입고</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="445"/>
        <source>Returns of a month</source>
        <translation>월간 반품</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="466"/>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="469"/>
        <source>Material</source>
        <translation>자재</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="470"/>
        <source>Lot</source>
        <translation>로트</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="471"/>
        <source>Quantity</source>
        <translation>수량</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="475"/>
        <source>Month (YYYY-MM)</source>
        <translation>월 (YYYY-MM)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="480"/>
        <source>Returned</source>
        <translation>반품</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="481"/>
        <source>Shipped</source>
        <translation>출하</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="486"/>
        <source>Add to shift log</source>
        <translation>교대 일지에 추가</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="492"/>
        <source>New entry</source>
        <translation>새 항목</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="502"/>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="502"/>
        <source>Kind</source>
        <translation>종류</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="502"/>
        <source>Entry</source>
        <translation>내용</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="502"/>
        <source>By</source>
        <translation>작성자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="505"/>
        <source>Shift log of the period</source>
        <translation>기간 내 교대 일지</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="518"/>
        <source>KPIs</source>
        <translation>KPI</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="518"/>
        <source>Shift log</source>
        <translation>교대 일지</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="540"/>
        <source>No line has a [lines.kpi] section in the plant configuration</source>
        <translation>공장 설정에 [lines.kpi] 섹션이 있는 라인이 없습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="542"/>
        <source>KPIs need the plant database</source>
        <translation>KPI 계산에는 공장 DB가 필요합니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="581"/>
        <source> (planned)</source>
        <translation> (계획)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="619"/>
        <source>Computing…</source>
        <translation>계산 중…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="629"/>
        <location filename="../../hmi/ui/pages/kpi.py" line="638"/>
        <source>KPIs not computed: {0}</source>
        <translation>KPI 계산 안 됨: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="646"/>
        <source>{0} to {1} ({2}); updated {3}</source>
        <translation>{0} ~ {1} ({2}), 갱신 {3}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="654"/>
        <source>Planned downtime (not in availability): {0}</source>
        <translation>계획 비가동 (가동률 제외): {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="687"/>
        <source>Weighted achievement: {0}</source>
        <translation>가중 달성률: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="267"/>
        <source>idle</source>
        <translation>대기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="268"/>
        <source>FAULT</source>
        <translation>고장</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="269"/>
        <source>no data</source>
        <translation>데이터 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="272"/>
        <source>— pick one</source>
        <translation>— 선택하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="727"/>
        <source>{0} more stops: show them</source>
        <translation>정지 {0}건 더 있음: 표시</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="756"/>
        <source>{0}, stop at {1}</source>
        <translation>{0}, {1} 정지</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="785"/>
        <source>{0} points; hourly for a shift or a day, one per shift for a week</source>
        <translation>데이터 {0}개: 교대·하루는 시간별, 1주는 교대별</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="809"/>
        <location filename="../../hmi/ui/pages/kpi.py" line="824"/>
        <source>The shift log needs the plant database</source>
        <translation>교대 일지에는 공장 DB가 필요합니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="812"/>
        <source>Pick a stop first</source>
        <translation>먼저 정지 항목을 선택하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="817"/>
        <source>Reason “{0}” booked for the stop at {1}</source>
        <translation>{1} 정지에 사유 “{0}” 등록됨</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="835"/>
        <source>Added to the shift log</source>
        <translation>교대 일지에 추가됨</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="856"/>
        <source>note</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="856"/>
        <source>downtime</source>
        <translation>비가동</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="856"/>
        <source>material</source>
        <translation>자재</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="857"/>
        <source>returns</source>
        <translation>반품</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="865"/>
        <source>Folder for the shift report</source>
        <translation>교대 보고서 저장 폴더</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="873"/>
        <source>Nothing to report yet</source>
        <translation>아직 보고할 내용이 없습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/kpi.py" line="885"/>
        <source>Report written: {0}</source>
        <translation>보고서 저장됨: {0}</translation>
    </message>
</context>
<context>
    <name>KpiStrip</name>
    <message>
        <location filename="../../widgets/kpi_strip.py" line="79"/>
        <source>Achievement {0} %</source>
        <translation>달성률 {0} %</translation>
    </message>
    <message>
        <location filename="../../widgets/kpi_strip.py" line="82"/>
        <source>▼ BASELINE</source>
        <translation>▼ 기준 이하</translation>
    </message>
    <message>
        <location filename="../../widgets/kpi_strip.py" line="114"/>
        <source>Weighted achievement</source>
        <translation>가중 달성률</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../hmi/ui/login.py" line="212"/>
        <location filename="../../hmi/ui/login.py" line="227"/>
        <location filename="../../hmi/ui/login.py" line="254"/>
        <location filename="../../hmi/ui/login.py" line="338"/>
        <source>Log in</source>
        <extracomment>after a touch the activity filter rests this long (ms): an application-wide event filter is a call into Python for every event of every widget, and the idle timeout needs a touch every few seconds at most, not one per mouse move</extracomment>
        <translation>로그인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="225"/>
        <source>User name</source>
        <translation>사용자 이름</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="226"/>
        <location filename="../../hmi/ui/login.py" line="241"/>
        <source>Password</source>
        <translation>비밀번호</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="235"/>
        <location filename="../../hmi/ui/login.py" line="338"/>
        <source>Next</source>
        <translation>다음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="253"/>
        <source>PIN (4-8 digits)</source>
        <translation>PIN (4~8자리)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="262"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="268"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="280"/>
        <source>No user database on this station: nobody can log in.</source>
        <translation>이 스테이션에 사용자 DB가 없어 로그인할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="293"/>
        <source>(nobody has a PIN)</source>
        <translation>(PIN이 있는 사용자 없음)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="309"/>
        <source>You may try again.</source>
        <translation>다시 시도할 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="311"/>
        <source>Too many failed log-ins: try again in {0} s.</source>
        <translation>로그인 실패가 너무 많습니다: {0}초 후에 다시 시도하십시오.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="325"/>
        <source>Checking…</source>
        <translation>확인 중…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="345"/>
        <source>Enter your user name and password.</source>
        <translation>사용자 이름과 비밀번호를 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="350"/>
        <source>Wrong user name or password, or the user is disabled.</source>
        <translation>사용자 이름 또는 비밀번호가 틀렸거나 비활성화된 사용자입니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="358"/>
        <source>Pick your name first.</source>
        <translation>먼저 이름을 선택하십시오.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="361"/>
        <source>Type your PIN on the keypad.</source>
        <translation>키패드로 PIN을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="366"/>
        <source>Wrong PIN, or the user is disabled.</source>
        <translation>PIN이 틀렸거나 비활성화된 사용자입니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="391"/>
        <source>Login not possible: {0}</source>
        <translation>로그인할 수 없습니다: {0}</translation>
    </message>
</context>
<context>
    <name>MachinePanel</name>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="114"/>
        <source>never</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="224"/>
        <source>Forecast: {0}</source>
        <translation>예측: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="231"/>
        <source>Set {0}…</source>
        <translation>{0} 설정…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="244"/>
        <source>Communication: waiting for first status</source>
        <translation>통신: 첫 상태 대기 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="271"/>
        <source>NO CONNECTION since {0}{1}  (reconnects: {2})</source>
        <translation>{0}부터 연결 끊김{1}  (재연결: {2}회)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="280"/>
        <source>last error: {0}</source>
        <translation>마지막 오류: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="281"/>
        <source>Connected  ·  latency {0}  ·  reconnects {1}  ·  reads ok {2} / failed {3}</source>
        <translation>연결됨  ·  지연 {0}  ·  재연결 {1}회  ·  읽기 성공 {2} / 실패 {3}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="305"/>
        <source>STATE {0}?</source>
        <translation>상태 {0}?</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="309"/>
        <source>STATE BAD</source>
        <translation>상태 불량</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="55"/>
        <source>{0} devices: waiting for status</source>
        <translation>장치 {0}대: 상태 대기 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="59"/>
        <source>{0}/{1} devices online</source>
        <translation>장치 {0}/{1}대 온라인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="63"/>
        <source>start</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="64"/>
        <source>{0}: no connection since {1}</source>
        <translation>{0}: {1}부터 연결 끊김</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="65"/>
        <source>{0}  ({1}/{2} online)</source>
        <translation>{0}  ({1}/{2}대 온라인)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="139"/>
        <location filename="../../hmi/ui/main_window.py" line="533"/>
        <source>Lineside - {0}</source>
        <translation>Lineside - {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="167"/>
        <location filename="../../hmi/ui/main_window.py" line="535"/>
        <source>Exit</source>
        <translation>종료</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="224"/>
        <location filename="../../hmi/ui/main_window.py" line="547"/>
        <source>historian: -</source>
        <translation>히스토리안: -</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="229"/>
        <source>How late this screen answers: the worst delay of the last hour, and how often it stood still for a quarter second or more</source>
        <translation>이 화면의 응답 지연: 최근 한 시간의 최대 지연과 0.25초 이상 멈춘 횟수</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="280"/>
        <source>No user database on this station: setpoints cannot be written</source>
        <translation>이 스테이션에는 사용자 데이터베이스가 없어 설정값을 쓸 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="284"/>
        <source>Writing setpoints needs {0}{1}</source>
        <translation>설정값 쓰기에는 {0} 권한이 필요합니다{1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="284"/>
        <source>; log in first</source>
        <translation>; 먼저 로그인하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="435"/>
        <location filename="../../hmi/ui/main_window.py" line="551"/>
        <source>No active alarms</source>
        <extracomment>how long background workers hold back after a page build or a language switch began (ms): the build, its first layout and paint (see :func:`hmi.workers.foreground`)</extracomment>
        <translation>활성 알람 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="455"/>
        <source>screen: p99 {0} ms, max {1} ms, stalls {2}</source>
        <translation>화면: p99 {0} ms, 최대 {1} ms, 멈춤 {2}회</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="460"/>
        <source>(simulated ×{0})</source>
        <translation>(시뮬레이션 ×{0})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="475"/>
        <source>historian: off (live data only)</source>
        <translation>히스토리안: 꺼짐 (실시간 데이터만)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="480"/>
        <source>historian: {0} rows written  ·  {1} buffered  ·  {2} dropped</source>
        <translation>히스토리안: {0}행 저장  ·  {1}행 대기  ·  {2}행 손실</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="490"/>
        <source>plant database unreachable: buffering {0} rows locally</source>
        <translation>공장 DB 연결 끊김: {0}행을 로컬에 임시 저장 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="493"/>
        <source>plant database: back-filling {0} rows</source>
        <translation>공장 DB: 임시 저장된 {0}행 전송 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="497"/>
        <source>alarm journal unreachable: buffering {0} events locally</source>
        <translation>알람 이력 DB 연결 끊김: {0}건을 로컬에 임시 저장 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="500"/>
        <source>alarm journal: back-filling {0} events</source>
        <translation>알람 이력: 임시 저장된 {0}건 전송 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="575"/>
        <location filename="../../hmi/ui/main_window.py" line="587"/>
        <source>Leaving the kiosk needs an engineer or administrator: log in first.</source>
        <translation>키오스크 모드를 종료하려면 엔지니어 또는 관리자로 먼저 로그인하세요.</translation>
    </message>
</context>
<context>
    <name>Maintenance</name>
    <message>
        <location filename="../../hmi/maintenance/scorer.py" line="67"/>
        <source>Anomaly on {0}: sensors deviate from normal running</source>
        <extracomment>the anomaly alarm of one watched machine (``{0}``: its name), its cause and action</extracomment>
        <translation>{0} 이상 감지: 센서가 정상 운전 패턴을 벗어남</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/scorer.py" line="68"/>
        <source>Predictive maintenance: the sensors no longer match the learned healthy pattern (see the contributing sensors on the Maintenance page)</source>
        <translation>예지 보전: 센서가 학습된 정상 패턴과 더 이상 일치하지 않음 (보전 페이지의 기여 센서 참조)</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/scorer.py" line="70"/>
        <source>Open the Maintenance page, check the contributing sensors and plan an inspection</source>
        <translation>보전 페이지를 열어 기여 센서를 확인하고 점검을 계획하십시오</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/scorer.py" line="107"/>
        <source>{0} s</source>
        <extracomment>Virtual tag of an equipment&apos;s anomaly flag: ``&quot;&lt;equipment id&gt;.anomaly&quot;``.</extracomment>
        <translation>{0}초</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/scorer.py" line="108"/>
        <source>{0} min</source>
        <translation>{0}분</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/scorer.py" line="109"/>
        <source>{0} h</source>
        <translation>{0}시간</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/scorer.py" line="110"/>
        <source>{0} d</source>
        <translation>{0}일</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/scorer.py" line="111"/>
        <source>{0} reaches {1} {2}{3}: not trending towards it</source>
        <translation>{0}: {1} {2}{3} 방향으로 가는 추세 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/scorer.py" line="112"/>
        <source>{0} is at {1} {2}{3}</source>
        <translation>{0}: {1} {2}{3} 도달</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/scorer.py" line="113"/>
        <source>{0} reaches {1} {2}{3} after ~{4} more running ({5} to {6}){7}</source>
        <translation>{0}: 약 {4} 더 가동하면 {1} {2}{3} 도달 ({5}~{6}){7}</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/scorer.py" line="114"/>
        <source> (now {0}{1})</source>
        <translation> (현재 {0}{1})</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/scorer.py" line="115"/>
        <source>{0} high</source>
        <translation>{0} 높음</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/scorer.py" line="116"/>
        <source>{0} low</source>
        <translation>{0} 낮음</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/scorer.py" line="117"/>
        <source>{0} and {1}</source>
        <translation>{0}, {1}</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/scorer.py" line="118"/>
        <source>Inspect {0}: {1} deviates from normal running; plan an inspection before it reaches an alarm limit</source>
        <translation>{0} 점검: {1}이(가) 정상 운전 패턴에서 벗어났습니다. 알람 한계에 도달하기 전에 점검을 계획하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/scorer.py" line="120"/>
        <source>Learning normal running: no recommendation yet</source>
        <translation>정상 운전 학습 중: 아직 권장 조치 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/scorer.py" line="121"/>
        <source>No action: keep to the maintenance plan</source>
        <translation>조치 불필요: 정비 계획대로 진행하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/scorer.py" line="122"/>
        <source>{0}: {1} is at its {2} limit; follow the alarm response</source>
        <translation>{0}: {1}이(가) {2} 한계에 도달했습니다. 알람 대응 절차를 따르세요</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/weibull.py" line="238"/>
        <source>need at least 2 failures to fit a Weibull (have {0}, {1} censored)</source>
        <translation>와이블 분포를 추정하려면 고장이 최소 2건 필요합니다 (현재 고장 {0}건, 중도절단 {1}건)</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/weibull.py" line="294"/>
        <source>shape {0} &lt;= 1: no wear-out, replacing early does not lower the failure rate</source>
        <extracomment>Policy reasons (shown on the Maintenance page; ``hmi.messages``).</extracomment>
        <translation>형상 {0} &lt;= 1: 마모 고장이 아니므로 조기 교체해도 고장률이 낮아지지 않습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/weibull.py" line="296"/>
        <source>a failure costs no more than a planned replacement</source>
        <translation>고장 비용이 계획 교체 비용보다 크지 않습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/weibull.py" line="297"/>
        <source>the optimum lies beyond the observed life: run to failure</source>
        <translation>최적 교체 시점이 관측된 수명보다 깁니다: 고장 시까지 사용</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/weibull.py" line="298"/>
        <source>replace at age {0}: {1} % cheaper per unit of use than running to failure (Cf/Cp = {2})</source>
        <translation>사용량 {0}에서 교체: 고장 시까지 사용할 때보다 사용 단위당 {1} % 저렴 (Cf/Cp = {2})</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/advice.py" line="36"/>
        <source>{0} forecast to fall below {1}{2} in {3}</source>
        <extracomment>the advised setpoint keeps the forecast this share of the normal range inside it how far ahead the advice looks by default (plant seconds) a crossing ahead is advice only when the forecast&apos;s trend paid on the value&apos;s own history: its h-step errors at most this share of the last value&apos;s (a forecast drawn from noise says nothing)</extracomment>
        <translation>{0}: {3} 후 {1}{2} 아래로 내려갈 것으로 예측</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/advice.py" line="37"/>
        <source>{0} forecast to rise above {1}{2} in {3}</source>
        <translation>{0}: {3} 후 {1}{2} 위로 올라갈 것으로 예측</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/advice.py" line="38"/>
        <source>{0} is below {1}{2} (now {3}{2})</source>
        <translation>{0}이(가) {1}{2}보다 낮음 (현재 {3}{2})</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/advice.py" line="39"/>
        <source>{0} is above {1}{2} (now {3}{2})</source>
        <translation>{0}이(가) {1}{2}보다 높음 (현재 {3}{2})</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/advice.py" line="40"/>
        <source>raise {0} by {1}{2} (to {3}{2})</source>
        <translation>{0}을(를) {1}{2} 올리세요 ({3}{2}로)</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/advice.py" line="41"/>
        <source>lower {0} by {1}{2} (to {3}{2})</source>
        <translation>{0}을(를) {1}{2} 낮추세요 ({3}{2}로)</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/advice.py" line="42"/>
        <source>{0}; the largest step allowed: check again once it has settled</source>
        <translation>{0}; 한 번에 허용되는 최대 변경폭입니다: 안정된 뒤 다시 확인하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/advice.py" line="43"/>
        <source>{0} is at its limit of {1}{2}: {3}</source>
        <translation>{0}이(가) 한계 {1}{2}에 도달: {3}</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/advice.py" line="44"/>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/advice.py" line="45"/>
        <source>find the cause</source>
        <translation>원인을 확인하세요</translation>
    </message>
</context>
<context>
    <name>MaintenanceLog</name>
    <message>
        <location filename="../../hmi/maintenance/log.py" line="76"/>
        <source>date {0}: use YYYY-MM-DD</source>
        <extracomment>Columns of the exported CSV (what :func:`hmi.maintenance.weibull.read_events` reads).</extracomment>
        <translation>날짜 {0}: YYYY-MM-DD 형식으로 입력하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/log.py" line="96"/>
        <source>equipment and component are required</source>
        <translation>설비와 부품을 입력하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/log.py" line="102"/>
        <source>a {0} component needs a mode: failure or preventive</source>
        <translation>{0} 작업에는 유형이 필요합니다: 고장 또는 예방</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/log.py" line="108"/>
        <source>usage (running hours or strokes) cannot be negative</source>
        <translation>사용량 (가동 시간 또는 타수)은 음수일 수 없습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/maintenance/log.py" line="111"/>
        <source>give the usage at the event (running hours or stroke counter)</source>
        <translation>작업 시점의 사용량을 입력하세요 (가동 시간 또는 타수 카운터)</translation>
    </message>
</context>
<context>
    <name>MaintenancePage</name>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="40"/>
        <source>main-shaft bushing</source>
        <extracomment>Component names offered in the entry form per equipment kind (free text is accepted too). They are stored in English (the log&apos;s values, what the replacement cycles group by) and shown in the UI language.</extracomment>
        <translation>메인 샤프트 부싱</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="41"/>
        <source>main bearing</source>
        <translation>메인 베어링</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="41"/>
        <source>clutch/brake</source>
        <translation>클러치/브레이크</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="42"/>
        <source>lube pump</source>
        <translation>윤활 펌프</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="42"/>
        <source>hydraulic seal</source>
        <translation>유압 씰</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="43"/>
        <source>die</source>
        <translation>금형</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="43"/>
        <source>ladle</source>
        <translation>래들</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="44"/>
        <source>pouring nozzle</source>
        <translation>주입 노즐</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="45"/>
        <source>cooling circuit</source>
        <translation>냉각 회로</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="45"/>
        <source>heater</source>
        <translation>히터</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="48"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="48"/>
        <source>Equipment</source>
        <translation>설비</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="49"/>
        <location filename="../../hmi/ui/pages/maintenance.py" line="52"/>
        <source>Component</source>
        <translation>부품</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="49"/>
        <source>Event</source>
        <translation>작업</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="50"/>
        <source>Usage</source>
        <translation>사용량</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="50"/>
        <source>Mode</source>
        <translation>유형</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="51"/>
        <location filename="../../hmi/ui/pages/maintenance.py" line="367"/>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="51"/>
        <source>By</source>
        <translation>작성자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="53"/>
        <source>Failures / censored</source>
        <translation>고장 / 중도절단</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="54"/>
        <source>Shape β</source>
        <translation>형상 β</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="54"/>
        <source>Scale η</source>
        <translation>척도 η</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="55"/>
        <source>Optimal interval</source>
        <translation>최적 교체 주기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="56"/>
        <source>Age now</source>
        <translation>현재 사용량</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="56"/>
        <source>Next due</source>
        <translation>다음 예정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="57"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="59"/>
        <source>replaced</source>
        <extracomment>stored words of the log (English, in the database) -&gt; words on screen</extracomment>
        <translation>교체</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="60"/>
        <source>repaired</source>
        <translation>수리</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="61"/>
        <source>inspected</source>
        <translation>점검</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="62"/>
        <source>failure</source>
        <translation>고장</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="63"/>
        <source>preventive</source>
        <translation>예방</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="64"/>
        <source>h</source>
        <translation>시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="64"/>
        <source>strokes</source>
        <translation>타</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="65"/>
        <source>ok</source>
        <translation>정상</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="66"/>
        <source>DUE SOON</source>
        <translation>교체 임박</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="67"/>
        <source>OVERDUE</source>
        <translation>교체 지연</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="68"/>
        <source>run to failure</source>
        <translation>고장 시 교체</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="69"/>
        <source>too few events</source>
        <translation>이벤트 부족</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="70"/>
        <source>usage rate unknown</source>
        <translation>사용률 미상</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="276"/>
        <source>Equipment health</source>
        <translation>설비 건전성</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="291"/>
        <source>Predictive maintenance is not running on this station.</source>
        <translation>이 스테이션에서는 예지 정비가 실행되고 있지 않습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="300"/>
        <source>Component replacement cycles (Weibull, from the maintenance log)</source>
        <translation>부품 교체 주기 (정비 기록 기반 와이블 분석)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="313"/>
        <source>Maintenance log</source>
        <translation>정비 기록</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="332"/>
        <source>Equipment / component</source>
        <translation>설비 / 부품</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="347"/>
        <source>Event / mode / date</source>
        <translation>작업 / 유형 / 날짜</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="358"/>
        <source>From counter</source>
        <translation>카운터 값 가져오기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="359"/>
        <source>Take the machine&apos;s stroke counter now</source>
        <translation>설비의 현재 타수 카운터 값을 가져옵니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="364"/>
        <source>Usage at event</source>
        <translation>작업 시점 사용량</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="366"/>
        <source>What was found and done</source>
        <translation>발견 내용과 조치 내용</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="374"/>
        <source>Add log entry</source>
        <translation>기록 추가</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="383"/>
        <location filename="../../hmi/ui/pages/maintenance.py" line="402"/>
        <source>No database: the maintenance log is not available on this station.</source>
        <translation>DB 없음: 이 스테이션에서는 정비 기록을 사용할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="406"/>
        <source>Maintenance</source>
        <translation>정비</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="435"/>
        <source>Marking false alarms and re-learning need the maintenance role (logged in: {0}).</source>
        <translation>오경보 표시와 재학습에는 정비 권한이 필요합니다 (로그인: {0}).</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="436"/>
        <location filename="../../hmi/ui/pages/maintenance.py" line="492"/>
        <source>nobody</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="457"/>
        <source>Done: {0}</source>
        <translation>완료: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="458"/>
        <source>marked as a false alarm, the model learns this running as normal</source>
        <translation>오경보로 표시됨, 모델이 이 운전을 정상으로 학습합니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="459"/>
        <source>learning normal running again</source>
        <translation>정상 운전을 다시 학습 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="474"/>
        <source>Mark the anomaly on {0} as a false alarm?
The model will learn this running as normal; this is recorded in the audit trail.</source>
        <translation>{0}의 이상 감지를 오경보로 표시하시겠습니까?
모델이 이 운전을 정상으로 학습하며, 감사 기록에 남습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="481"/>
        <source>Forget what was learnt on {0} and learn its normal running again from now?
Do this after a repair or a process change; it is recorded in the audit trail.</source>
        <translation>{0}에서 학습한 내용을 지우고 지금부터 정상 운전을 다시 학습하시겠습니까?
수리 또는 공정 변경 후에 하십시오. 감사 기록에 남습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="493"/>
        <source>Logged in: {0}. Log entries need the maintenance role.</source>
        <translation>로그인: {0}. 정비 기록은 정비원 권한이 필요합니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="536"/>
        <source>No usage counter on this equipment: type the running hours</source>
        <translation>이 설비에는 사용량 카운터가 없습니다: 가동 시간을 입력하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="557"/>
        <source>Could not read the maintenance log: {0}</source>
        <translation>정비 기록을 읽을 수 없습니다: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="595"/>
        <source>No replacements logged yet: the replacement cycles appear once components have been replaced or repaired (failure or preventive).</source>
        <translation>아직 교체 기록이 없습니다: 부품을 교체하거나 수리(고장 또는 예방)하면 교체 주기가 표시됩니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="623"/>
        <source>Saved: {0} {1} on {2}</source>
        <translation>저장됨: {2} {0} {1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/maintenance.py" line="465"/>
        <location filename="../../hmi/ui/pages/maintenance.py" line="634"/>
        <source>Refused: {0}</source>
        <translation>거부됨: {0}</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../hmi/messages.py" line="62"/>
        <source>{0}, {1}</source>
        <extracomment>&quot;a, b&quot; (the list separator of the UI language).</extracomment>
        <translation>{0}, {1}</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="40"/>
        <source>Version</source>
        <translation>버전</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="40"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="41"/>
        <source>Created</source>
        <translation>생성</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="43"/>
        <location filename="../../hmi/ui/pages/models.py" line="50"/>
        <source>Thresholds warn / ng</source>
        <translation>임계값 warn / ng</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="43"/>
        <source>Data fingerprint</source>
        <translation>데이터 지문</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="44"/>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="45"/>
        <source>Image</source>
        <translation>이미지</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="45"/>
        <source>Label</source>
        <translation>라벨</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="46"/>
        <source>Active score</source>
        <translation>운영 모델 점수</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="46"/>
        <source>Active verdict</source>
        <translation>운영 모델 판정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="47"/>
        <source>Candidate score</source>
        <translation>후보 모델 점수</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="48"/>
        <source>Candidate verdict</source>
        <translation>후보 모델 판정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="48"/>
        <source>Changed</source>
        <translation>변경</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="49"/>
        <source>Defects passed as ok</source>
        <translation>양품으로 통과된 불량</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="51"/>
        <source>Good parts to review (WARN)</source>
        <translation>검토로 가는 양품 (주의)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="52"/>
        <source>Good parts rejected (NG)</source>
        <translation>불량 판정된 양품 (NG)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="52"/>
        <source>In use</source>
        <translation>사용 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="103"/>
        <source>AI models (X-ray inspection)</source>
        <extracomment>default training settings for a retrain from reviewed images (small: it runs on the station PC)</extracomment>
        <translation>AI 모델 (X선 검사)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="113"/>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="334"/>
        <source>Activate selected</source>
        <translation>선택 모델 적용</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="114"/>
        <source>Compare with active ...</source>
        <translation>운영 모델과 비교 ...</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="41"/>
        <source>AUROC</source>
        <translation>AUROC</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="42"/>
        <source>Accuracy at warn</source>
        <translation>경고 기준 정확도</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="115"/>
        <source>Import model file ...</source>
        <translation>모델 파일 가져오기 ...</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="116"/>
        <source>Retrain from reviewed images</source>
        <translation>검토된 이미지로 재학습</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="117"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="135"/>
        <source>idle</source>
        <translation>대기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="231"/>
        <source>Comparison: select a candidate version and press Compare</source>
        <translation>비교: 후보 버전을 선택하고 비교를 누르세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="261"/>
        <source>Another model job is running: wait or cancel it</source>
        <translation>다른 모델 작업이 실행 중입니다: 기다리거나 취소하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="339"/>
        <source>Log in to change the inspection model.</source>
        <translation>검사 모델을 변경하려면 로그인하십시오.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="342"/>
        <source>Changing the inspection model needs {0}{1}</source>
        <translation>검사 모델 변경에는 {0} 권한이 필요합니다{1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="343"/>
        <source>; log in first</source>
        <translation>; 먼저 로그인하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="346"/>
        <source>Use this operating point</source>
        <translation>이 운전점 사용</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="347"/>
        <source>{0} % misses, {1}</source>
        <translation>불량 통과 {0} %, {1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="381"/>
        <source>ACTIVE</source>
        <translation>운영 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="381"/>
        <source>candidate</source>
        <translation>후보</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="389"/>
        <source>(by {0})</source>
        <translation>({0})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="404"/>
        <source>{0} versions; active: {1}</source>
        <translation>버전 {0}개, 운영 중: {1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="405"/>
        <source>none (the stations use their configured model file)</source>
        <translation>없음 (스테이션이 설정된 모델 파일 사용)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="406"/>
        <source>; last activation {0} by {1}</source>
        <translation>, 마지막 적용 {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="464"/>
        <source>in use</source>
        <translation>사용 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="475"/>
        <source>Operating point: select a model version</source>
        <translation>운전점: 모델 버전을 선택하십시오</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="477"/>
        <source>Operating point of {0}: the model file holds no calibration scores (calibrate it again to weigh other points)</source>
        <translation>{0}의 운전점: 모델 파일에 보정 점수가 없습니다 (다른 운전점을 비교하려면 다시 보정하십시오)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="481"/>
        <source>Operating point of {0}: what each protection costs the inspectors, on its {1} good and {2} defective calibration parts</source>
        <translation>{0}의 운전점: 보정용 양품 {1}개와 불량 {2}개 기준, 각 보호 수준에 따른 검사원 검토 부담</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="518"/>
        <source>Model {0} now judges with warn {1} and ng {2}: the stations use them with their next part</source>
        <translation>모델 {0}은(는) 이제 주의 {1}, 불량 {2} 기준으로 판정합니다: 스테이션은 다음 부품부터 적용합니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="525"/>
        <source>Not changed: {0}</source>
        <translation>변경되지 않음: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="550"/>
        <source>Model {0} is now active: the stations load it with their next part</source>
        <translation>모델 {0}이(가) 적용되었습니다: 스테이션은 다음 부품부터 이 모델을 사용합니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="523"/>
        <location filename="../../hmi/ui/pages/models.py" line="553"/>
        <location filename="../../hmi/ui/pages/models.py" line="582"/>
        <location filename="../../hmi/ui/pages/models.py" line="665"/>
        <source>Refused: {0}</source>
        <translation>거부됨: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="555"/>
        <source>Activation failed: {0}</source>
        <translation>적용 실패: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="559"/>
        <source>Model file</source>
        <translation>모델 파일</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="560"/>
        <source>Lineside models (*.pt)</source>
        <translation>Lineside 모델 (*.pt)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="579"/>
        <source>Model {0} added as a candidate</source>
        <translation>모델 {0}이(가) 후보로 추가되었습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="584"/>
        <source>Import failed: {0}</source>
        <translation>가져오기 실패: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="589"/>
        <source>Evaluation folder (ok/ and defect/, or images)</source>
        <translation>평가 폴더 (ok/와 defect/ 또는 이미지)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="596"/>
        <source>Select the candidate version to compare</source>
        <translation>비교할 후보 버전을 선택하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="613"/>
        <source>Comparing {0} with the active model on {1} ...</source>
        <translation>{1}에서 {0}을(를) 운영 모델과 비교 중 ...</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="615"/>
        <source>Comparison failed: {0}</source>
        <translation>비교 실패: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="627"/>
        <source>defect</source>
        <translation>불량</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="631"/>
        <source>CHANGED</source>
        <translation>변경됨</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="642"/>
        <source>{0} vs active {1}: {2} images, {3} verdicts changed</source>
        <translation>{0} 대 운영 {1}: 이미지 {2}개, 판정 변경 {3}건</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="645"/>
        <source>, {0} unreadable</source>
        <translation>, 읽기 불가 {0}개</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="648"/>
        <source>.  AUROC {0} -&gt; {1}, accuracy {2} -&gt; {3}; new misses {4}, new catches {5}</source>
        <translation>.  AUROC {0} -&gt; {1}, 정확도 {2} -&gt; {3}, 신규 미검출 {4}, 신규 검출 {5}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="620"/>
        <source>comparison done</source>
        <translation>비교 완료</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="658"/>
        <source>No plant database: there are no reviewed images</source>
        <translation>공장 DB 없음: 검토된 이미지가 없습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="671"/>
        <source>exporting reviewed images</source>
        <translation>검토된 이미지 내보내는 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="672"/>
        <source>too few reviewed images to retrain: {0} ok and {1} defect (at least {2} of each)</source>
        <translation>재학습할 검토 이미지가 부족합니다: 양품 {0}개, 불량 {1}개 (각각 최소 {2}개)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="697"/>
        <source>cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="698"/>
        <source>Retraining cancelled: nothing was added</source>
        <translation>재학습 취소됨: 추가된 모델 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="700"/>
        <source>Candidate {0} added: compare it with the active model before activating</source>
        <translation>후보 {0} 추가됨: 적용하기 전에 운영 모델과 비교하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="702"/>
        <source>done</source>
        <translation>완료</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="707"/>
        <source>Retraining failed: {0}</source>
        <translation>재학습 실패: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/models.py" line="716"/>
        <source>cancelling ...</source>
        <translation>취소 중 ...</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="404"/>
        <location filename="../../hmi/ui/pages/overview.py" line="424"/>
        <source>KPIs of the current shift: waiting for the first computation</source>
        <translation>현재 교대 KPI: 첫 계산 대기 중</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="405"/>
        <location filename="../../hmi/ui/pages/overview.py" line="425"/>
        <source>KPIs need the plant database</source>
        <translation>KPI 계산에는 공장 DB가 필요합니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="434"/>
        <source>current shift so far</source>
        <translation>현재 교대 누계</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="37"/>
        <source>Overview</source>
        <extracomment>role from which the kiosk may be left (``lineside ... --kiosk``) navigation titles: the page names given to ``add_page`` (stable keys, English) as the screen shows them. A new page adds its name here so that lupdate offers it for translation.</extracomment>
        <translation>전체 현황</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="37"/>
        <source>Trends</source>
        <translation>트렌드</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="37"/>
        <source>Alarms</source>
        <translation>알람</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="38"/>
        <source>Journal</source>
        <translation>알람 이력</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="38"/>
        <source>Maintenance</source>
        <translation>정비</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="39"/>
        <source>Inspection</source>
        <translation>검사</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="39"/>
        <source>Models</source>
        <translation>AI 모델</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="39"/>
        <source>Users</source>
        <translation>사용자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="40"/>
        <source>Trace</source>
        <translation>추적</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="40"/>
        <source>KPI</source>
        <translation>KPI</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="40"/>
        <source>Devices</source>
        <translation>장치</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/main_window.py" line="41"/>
        <source>Self-check</source>
        <translation>자가진단</translation>
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
        <location filename="../../widgets/value_tile.py" line="27"/>
        <source>GOOD</source>
        <extracomment>Badge words of the alarm kinds (ISA-18.2 limit names stay as they are in every language) quality code -&gt; word for the screen (shown through :func:`quality_word`)</extracomment>
        <translation>정상</translation>
    </message>
    <message>
        <location filename="../../widgets/value_tile.py" line="27"/>
        <source>BAD</source>
        <translation>불량</translation>
    </message>
    <message>
        <location filename="../../widgets/value_tile.py" line="28"/>
        <source>STALE</source>
        <translation>갱신 안 됨</translation>
    </message>
    <message>
        <location filename="../../widgets/value_tile.py" line="28"/>
        <source>COMM FAIL</source>
        <translation>통신 장애</translation>
    </message>
</context>
<context>
    <name>ReasonCode</name>
    <message>
        <location filename="../../hmi/inspection/reasons.py" line="14"/>
        <source>false call - surface artefact</source>
        <extracomment>Reason codes, in the order an inspector sees them.</extracomment>
        <translation>과검출 - 표면 아티팩트</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/reasons.py" line="15"/>
        <source>false call - geometry edge</source>
        <translation>과검출 - 형상 모서리</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/reasons.py" line="16"/>
        <source>false call - image noise</source>
        <translation>과검출 - 영상 노이즈</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/reasons.py" line="17"/>
        <source>missed defect - porosity</source>
        <translation>미검출 - 기공</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/reasons.py" line="18"/>
        <source>missed defect - shrinkage</source>
        <translation>미검출 - 수축</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/reasons.py" line="19"/>
        <source>missed defect - crack</source>
        <translation>미검출 - 균열</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/reasons.py" line="20"/>
        <source>missed defect - inclusion</source>
        <translation>미검출 - 개재물</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/reasons.py" line="21"/>
        <source>borderline - within spec</source>
        <translation>경계 - 규격 이내</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/reasons.py" line="22"/>
        <source>borderline - out of spec</source>
        <translation>경계 - 규격 벗어남</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/reasons.py" line="23"/>
        <source>image unusable - re-shot</source>
        <translation>영상 사용 불가 - 재촬영</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/reasons.py" line="24"/>
        <source>other - see comment</source>
        <translation>기타 - 코멘트 참조</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="177"/>
        <source>Shelve for</source>
        <translation>보류 시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="181"/>
        <source>required</source>
        <translation>필수</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="182"/>
        <source>Reason</source>
        <translation>사유</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="183"/>
        <source>OK</source>
        <translation>확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/alarms.py" line="189"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <location filename="../../hmi/inspection/records.py" line="47"/>
        <source>changing AI verdict &apos;{0}&apos; to &apos;{1}&apos;</source>
        <translation>AI 판정 &apos;{0}&apos;을(를) &apos;{1}&apos;(으)로 변경</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/records.py" line="48"/>
        <source>deciding &apos;{0}&apos; on a &apos;{1}&apos; part</source>
        <translation>&apos;{1}&apos; 부품을 &apos;{0}&apos;(으)로 판정</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/records.py" line="49"/>
        <source>, part {0}</source>
        <translation>, 부품 {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/records.py" line="50"/>
        <source>Refused: {0} needs a reason code (inspection #{1}{2})</source>
        <translation>거부됨: {0}에는 사유 코드가 필요합니다 (검사 #{1}{2})</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/records.py" line="51"/>
        <source>Refused: unknown reason code {0}</source>
        <translation>거부됨: 알 수 없는 사유 코드 {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/records.py" line="52"/>
        <source>Refused: reason &apos;{0}&apos; needs a comment</source>
        <translation>거부됨: 사유 &apos;{0}&apos;에는 코멘트가 필요합니다</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <location filename="../../hmi/ui/login.py" line="42"/>
        <source>operator</source>
        <extracomment>role names as the screens show them (the stored names stay English)</extracomment>
        <translation>작업자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="43"/>
        <source>inspector</source>
        <translation>검사원</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="44"/>
        <source>maintenance</source>
        <translation>정비원</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="45"/>
        <source>engineer</source>
        <translation>엔지니어</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="46"/>
        <source>admin</source>
        <translation>관리자</translation>
    </message>
</context>
<context>
    <name>SelfCheck</name>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="40"/>
        <source>Field automation</source>
        <extracomment>area key -&gt; name (KOSMO&apos;s five areas)</extracomment>
        <translation>현장자동화</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="41"/>
        <source>Factory operation</source>
        <translation>공장운영</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="42"/>
        <source>Enterprise resources</source>
        <translation>기업자원관리</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="43"/>
        <source>Product development</source>
        <translation>제품개발</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="44"/>
        <source>Supply chain</source>
        <translation>공급사슬관리</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="48"/>
        <source>ICT not applied</source>
        <extracomment>level 0..5</extracomment>
        <translation>ICT 미적용</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="49"/>
        <source>Basic 1</source>
        <translation>기초 1</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="50"/>
        <source>Basic 2</source>
        <translation>기초 2</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="51"/>
        <source>Intermediate 1</source>
        <translation>중간 1</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="52"/>
        <source>Intermediate 2</source>
        <translation>중간 2</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="53"/>
        <source>Advanced</source>
        <translation>고도화</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="122"/>
        <source>{0} devices read automatically ({1}), {2} tags; {3} online now</source>
        <translation>장치 {0}대 자동 수집 ({1}), 태그 {2}개, 현재 {3}대 연결</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="125"/>
        <source>no device is read automatically yet</source>
        <translation>아직 자동 수집되는 장치 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="127"/>
        <source>history kept for {0} tags</source>
        <translation>태그 {0}개의 이력 보관</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="129"/>
        <source>{0} alarms configured; {1} alarm events recorded</source>
        <translation>알람 {0}개 설정, 알람 이벤트 {1}건 기록</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="132"/>
        <source>{0} parts inspected automatically; {1} verdicts reviewed by inspectors</source>
        <translation>부품 {0}개 자동 검사, 판정 {1}건 검사원 검토</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="135"/>
        <source>production counted from the machines on {0} of {1} lines</source>
        <translation>라인 {1}개 중 {0}개에서 설비가 생산 수량 집계</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="138"/>
        <source>KPIs against baseline and target on {0} of {1} lines</source>
        <translation>라인 {1}개 중 {0}개에서 기준 대비 목표 KPI 산출</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="141"/>
        <source>maintenance predictions running (machines: {0})</source>
        <translation>예지보전 운전 중 (설비 {0}대)</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="143"/>
        <source>{0} maintenance log entries</source>
        <translation>정비 기록 {0}건</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="146"/>
        <source>{0} material receipts and {1} downtime reasons in the shift log</source>
        <translation>근무 일지에 자재 입고 {0}건, 비가동 사유 {1}건</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="150"/>
        <source>{0} parts traced, {1} process values kept with them</source>
        <translation>부품 {0}개 추적, 공정값 {1}개 함께 보관</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="153"/>
        <source>{0} shipments of traced parts recorded</source>
        <translation>추적 부품 출하 {0}건 기록</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="157"/>
        <source>nothing Lineside can see</source>
        <translation>Lineside가 볼 수 있는 것 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="199"/>
        <source>rate every area once: {0}</source>
        <translation>모든 영역을 한 번씩 평가하십시오: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/plantfile/selfcheck.py" line="202"/>
        <source>{0}: a level is 0 to {1}</source>
        <translation>{0}: 수준은 0에서 {1}까지입니다</translation>
    </message>
</context>
<context>
    <name>SelfCheckPage</name>
    <message>
        <location filename="../../hmi/ui/pages/selfcheck.py" line="42"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/selfcheck.py" line="42"/>
        <source>By</source>
        <translation>평가자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/selfcheck.py" line="43"/>
        <location filename="../../hmi/ui/pages/selfcheck.py" line="191"/>
        <source>Note</source>
        <translation>메모</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/selfcheck.py" line="183"/>
        <source>Smart-factory self-check (KOSMO)</source>
        <translation>스마트공장 수준 자가진단 (KOSMO)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/selfcheck.py" line="185"/>
        <source>Rate the plant in each of the five areas of the Korean smart-factory framework. Lineside fills in what it sees and the least level that supports; the rating is yours. Each saved rating is kept with its date, so that progress shows.</source>
        <translation>스마트공장 수준확인 체계의 다섯 영역에서 공장을 평가하십시오. Lineside는 자신이 보는 근거와 그 근거가 뒷받침하는 최소 수준을 채웁니다. 평가는 여러분이 합니다. 저장한 평가는 날짜와 함께 보관되어 진척이 보입니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/selfcheck.py" line="188"/>
        <source>Area</source>
        <translation>영역</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/selfcheck.py" line="188"/>
        <source>What Lineside sees</source>
        <translation>Lineside가 보는 근거</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/selfcheck.py" line="188"/>
        <source>Supports at least</source>
        <translation>근거상 최소 수준</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/selfcheck.py" line="189"/>
        <source>Your rating</source>
        <translation>평가</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/selfcheck.py" line="189"/>
        <source>Last saved</source>
        <translation>마지막 저장</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/selfcheck.py" line="192"/>
        <source>e.g. after the X-ray AI went live on line 2</source>
        <translation>예: 2라인 X-ray AI 가동 후</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/selfcheck.py" line="193"/>
        <source>Save rating</source>
        <translation>평가 저장</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/selfcheck.py" line="194"/>
        <source>Refresh evidence</source>
        <translation>근거 새로 고침</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/selfcheck.py" line="195"/>
        <source>Ratings over time</source>
        <translation>평가 추이</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/selfcheck.py" line="215"/>
        <source>Ratings are kept in the plant database: this station has none.</source>
        <translation>평가는 공장 데이터베이스에 보관됩니다: 이 스테이션에는 데이터베이스가 없습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/selfcheck.py" line="219"/>
        <source>Saving a rating needs {0}{1}.</source>
        <translation>평가 저장에는 {0} 권한이 필요합니다{1}.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/selfcheck.py" line="220"/>
        <source>; log in first</source>
        <translation>; 먼저 로그인하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/selfcheck.py" line="256"/>
        <source>The evidence could not be gathered: {0}</source>
        <translation>근거를 모을 수 없습니다: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/selfcheck.py" line="302"/>
        <source>Rating saved ({0}).</source>
        <translation>평가를 저장했습니다 ({0}).</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/selfcheck.py" line="307"/>
        <source>Not saved: {0}</source>
        <translation>저장 안 됨: {0}</translation>
    </message>
</context>
<context>
    <name>SetpointDialog</name>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="78"/>
        <source>choose ON or OFF</source>
        <translation>ON 또는 OFF를 선택하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="80"/>
        <source>type a value</source>
        <translation>값을 입력하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="84"/>
        <source>{0} is not a number</source>
        <translation>{0}은(는) 숫자가 아닙니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="86"/>
        <source>type a finite number</source>
        <translation>유한한 숫자를 입력하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="90"/>
        <source>{0} is outside the limits {1} … {2}</source>
        <translation>{0}은(는) 허용 범위 {1} … {2}를 벗어납니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="95"/>
        <source>this tag takes 1 decimal at most</source>
        <translation>이 태그는 소수점 1자리까지만 입력할 수 있습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="96"/>
        <source>this tag takes {0} decimals at most</source>
        <translation>이 태그는 소수점 {0}자리까지만 입력할 수 있습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="97"/>
        <source>this tag takes whole numbers only</source>
        <translation>이 태그는 정수만 입력할 수 있습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="136"/>
        <source>Set {0}</source>
        <translation>{0} 설정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="154"/>
        <source>limits {0} … {1}</source>
        <translation>허용 범위 {0} … {1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="157"/>
        <source>at most ±{0} per write</source>
        <translation>한 번에 최대 ±{0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="160"/>
        <source>normal range {0} … {1}</source>
        <translation>정상 범위 {0} … {1}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="163"/>
        <source>whole numbers</source>
        <translation>정수</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="165"/>
        <source>up to {0} decimals</source>
        <translation>소수점 {0}자리까지</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="166"/>
        <source>ON or OFF</source>
        <translation>ON 또는 OFF</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="183"/>
        <source>new value</source>
        <translation>새 설정값</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="190"/>
        <source>ON</source>
        <translation>ON</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="191"/>
        <source>OFF</source>
        <translation>OFF</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="205"/>
        <location filename="../../hmi/ui/setpoint.py" line="210"/>
        <source>Write…</source>
        <translation>쓰기…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="228"/>
        <source>Back</source>
        <translation>뒤로</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="230"/>
        <source>Confirm write</source>
        <translation>쓰기 확정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="246"/>
        <source>Close</source>
        <translation>닫기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="291"/>
        <source>Current value: no data yet</source>
        <translation>현재값: 아직 데이터 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="296"/>
        <source>Current value: {0} (last {1})</source>
        <translation>현재값: {0} (마지막 {1})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="300"/>
        <source>Current value: {0}</source>
        <translation>현재값: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="304"/>
        <source>as {0} &apos;{1}&apos;</source>
        <translation>{0} &apos;{1}&apos;(으)로 로그인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="305"/>
        <source>not logged in</source>
        <translation>로그인 안 됨</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="333"/>
        <source>{0} is more than {1} away from the current {2}: change it in steps</source>
        <translation>{0}은(는) 현재 값 {2}에서 {1} 넘게 떨어져 있습니다: 단계적으로 바꾸십시오</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="341"/>
        <source>Write {0} to “{1}”?</source>
        <translation>“{1}”에 {0}을(를) 쓸까요?</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="343"/>
        <source>Write {0} to “{1}” (now {2})?</source>
        <translation>“{1}”에 {0}을(를) 쓸까요? (현재 {2})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="359"/>
        <source>No user database on this station: writes are not possible.</source>
        <translation>이 스테이션에 사용자 DB가 없어 쓰기를 할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="365"/>
        <source>Writing… waiting for the read-back</source>
        <translation>쓰는 중… 확인 읽기 대기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="375"/>
        <source>Written: read back {0}</source>
        <translation>쓰기 완료: 확인 값 {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="383"/>
        <source>Refused: {0}</source>
        <translation>거부됨: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/setpoint.py" line="387"/>
        <source>Write failed: {0}</source>
        <translation>쓰기 실패: {0}</translation>
    </message>
</context>
<context>
    <name>SetpointRow</name>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="83"/>
        <source>Set…</source>
        <translation>설정…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/overview.py" line="85"/>
        <source>Change {0} (needs the permission to write setpoints)</source>
        <translation>{0} 변경 (설정값 쓰기 권한 필요)</translation>
    </message>
</context>
<context>
    <name>ShiftLog</name>
    <message>
        <location filename="../../hmi/kpi/shiftlog.py" line="79"/>
        <source>a shift-log entry needs its line</source>
        <translation>교대 일지 항목에는 라인이 필요합니다</translation>
    </message>
    <message>
        <location filename="../../hmi/kpi/shiftlog.py" line="95"/>
        <source>the note is empty</source>
        <translation>메모가 비어 있습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/kpi/shiftlog.py" line="103"/>
        <source>say which machine stopped</source>
        <translation>정지한 설비를 선택하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/kpi/shiftlog.py" line="105"/>
        <source>pick a reason code</source>
        <translation>사유 코드를 선택하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/kpi/shiftlog.py" line="108"/>
        <source>the stop must end after it starts</source>
        <translation>정지 종료 시각은 시작 시각보다 늦어야 합니다</translation>
    </message>
    <message>
        <location filename="../../hmi/kpi/shiftlog.py" line="118"/>
        <source>name the material received</source>
        <translation>입고된 자재명을 입력하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/kpi/shiftlog.py" line="121"/>
        <source>the quantity received must be greater than 0</source>
        <translation>입고 수량은 0보다 커야 합니다</translation>
    </message>
    <message>
        <location filename="../../hmi/kpi/shiftlog.py" line="132"/>
        <source>month {0}: use YYYY-MM</source>
        <translation>월 {0}: YYYY-MM 형식으로 입력하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/kpi/shiftlog.py" line="135"/>
        <source>returns and shipped units cannot be negative</source>
        <translation>반품 수량과 출하 수량은 음수일 수 없습니다</translation>
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
    <name>TagDialog</name>
    <message>
        <location filename="../../hmi/ui/pages/devices.py" line="243"/>
        <source>Tag</source>
        <translation>태그</translation>
    </message>
</context>
<context>
    <name>TracePage</name>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="102"/>
        <location filename="../../hmi/ui/pages/trace.py" line="205"/>
        <source>Serial</source>
        <translation>시리얼</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="106"/>
        <source>Scan the part mark or type its serial, then Enter</source>
        <translation>부품 마킹을 스캔하거나 시리얼 입력 후 Enter</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="111"/>
        <source>Look up</source>
        <translation>조회</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="222"/>
        <source>No plant database: traceability needs one (run with --db or the demo).</source>
        <translation>공장 DB 없음: 추적에는 공장 DB가 필요합니다 (--db 옵션 또는 데모로 실행).</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="132"/>
        <source>Step / time</source>
        <translation>공정 / 시각</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="132"/>
        <location filename="../../hmi/ui/pages/trace.py" line="205"/>
        <source>Equipment</source>
        <translation>설비</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="132"/>
        <location filename="../../hmi/ui/pages/trace.py" line="206"/>
        <source>Result</source>
        <translation>결과</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="132"/>
        <source>Parameter</source>
        <translation>파라미터</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="132"/>
        <source>Min</source>
        <translation>최소</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="133"/>
        <source>Mean</source>
        <translation>평균</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="133"/>
        <source>Max</source>
        <translation>최대</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="133"/>
        <source>Normal range</source>
        <translation>정상 범위</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="133"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="136"/>
        <source>Alarms active while the part was processed</source>
        <translation>부품 가공 중 발생한 알람</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="138"/>
        <source>Since</source>
        <translation>발생</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="138"/>
        <source>Priority</source>
        <translation>우선순위</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="138"/>
        <source>Alarm</source>
        <translation>알람</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="138"/>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="142"/>
        <source>Inspection</source>
        <translation>검사</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="226"/>
        <location filename="../../hmi/ui/pages/trace.py" line="285"/>
        <location filename="../../hmi/ui/pages/trace.py" line="338"/>
        <source>no inspection</source>
        <translation>검사 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="159"/>
        <source>Containment: parts sharing a cause</source>
        <translation>격리 조회: 같은 원인을 가진 부품</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="164"/>
        <source>Processed by machine</source>
        <translation>가공 설비 기준</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="165"/>
        <source>Made from material lot</source>
        <translation>자재 로트 기준</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="187"/>
        <source>Heat number / lot</source>
        <translation>히트 번호 / 로트</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="192"/>
        <source>Find parts</source>
        <translation>부품 찾기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="197"/>
        <source>Export CSV</source>
        <translation>CSV 내보내기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="205"/>
        <source>Line</source>
        <translation>라인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="205"/>
        <source>Product</source>
        <translation>제품</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="205"/>
        <source>Step</source>
        <translation>공정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="206"/>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="206"/>
        <source>End</source>
        <translation>종료</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="206"/>
        <source>Lot</source>
        <translation>로트</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="259"/>
        <source>Not a valid serial: %1</source>
        <translation>올바른 시리얼이 아닙니다: %1</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="262"/>
        <source>Looking up %1 …</source>
        <translation>%1 조회 중 …</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="270"/>
        <source>Lookup of %1 failed: %2</source>
        <translation>%1 조회 실패: %2</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="286"/>
        <source>No part %1 in the records</source>
        <translation>기록에 부품 %1이(가) 없습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="292"/>
        <source>%1 — %2, line %3, made %4</source>
        <translation>%1 — %2, 라인 %3, 생산 %4</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="293"/>
        <source>product not recorded</source>
        <translation>제품 기록 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="304"/>
        <source>no parameters recorded</source>
        <translation>기록된 파라미터 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="308"/>
        <source>in range</source>
        <translation>범위 내</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="308"/>
        <source>OUT OF RANGE</source>
        <translation>범위 이탈</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="309"/>
        <source>no range</source>
        <translation>범위 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="309"/>
        <source>no data</source>
        <translation>데이터 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="327"/>
        <source>no process steps recorded</source>
        <translation>기록된 공정 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="330"/>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="334"/>
        <source>Material: %1</source>
        <translation>자재: %1</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="334"/>
        <source>no lot recorded</source>
        <translation>기록된 로트 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="342"/>
        <source>%1 at %2
AI: %3 (score %4)
Review: %5</source>
        <translation>%1 (%2)
AI: %3 (점수 %4)
검토: %5</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="346"/>
        <source>loading …</source>
        <translation>불러오는 중 …</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="356"/>
        <source>no image</source>
        <translation>이미지 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="376"/>
        <source>Enter a heat number or lot</source>
        <translation>히트 번호 또는 로트를 입력하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="378"/>
        <source>lot %1</source>
        <translation>로트 %1</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="385"/>
        <source>Choose a machine and a window whose end is after its start</source>
        <translation>설비를 선택하고 종료가 시작보다 늦은 구간을 지정하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="387"/>
        <source>%1 from %2 to %3</source>
        <translation>%1, %2 ~ %3</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="390"/>
        <source>Searching %1 …</source>
        <translation>%1 검색 중 …</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="398"/>
        <source>%1 parts: %2 (%3 ms)</source>
        <translation>부품 %1개: %2 (%3 ms)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="404"/>
        <source>Search failed: %1</source>
        <translation>검색 실패: %1</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="432"/>
        <source>Export parts</source>
        <translation>부품 내보내기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="433"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="441"/>
        <source>%1 parts written to %2</source>
        <translation>부품 %1개를 %2에 저장했습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trace.py" line="443"/>
        <source>Export failed: %1</source>
        <translation>내보내기 실패: %1</translation>
    </message>
</context>
<context>
    <name>Training</name>
    <message>
        <location filename="../../vision/evaluate.py" line="32"/>
        <source>reading {0}/{1}</source>
        <translation>이미지 읽는 중 {0}/{1}</translation>
    </message>
    <message>
        <location filename="../../vision/evaluate.py" line="33"/>
        <source>scoring</source>
        <translation>점수 계산 중</translation>
    </message>
    <message>
        <location filename="../../vision/evaluate.py" line="34"/>
        <location filename="../../vision/registry.py" line="36"/>
        <source>done</source>
        <translation>완료</translation>
    </message>
    <message>
        <location filename="../../vision/registry.py" line="35"/>
        <source>scoring {0} images with {1}</source>
        <extracomment>Progress texts (translatable, see hmi.messages).</extracomment>
        <translation>{1} 모델로 이미지 {0}개 점수 계산 중</translation>
    </message>
    <message>
        <location filename="../../vision/train.py" line="69"/>
        <source>epoch {0}/{1} loss {2} val_loss {3} val_auroc {4}</source>
        <extracomment>Progress texts (translatable, see hmi.messages; the Models page shows them in the UI language).</extracomment>
        <translation>에포크 {0}/{1} loss {2} val_loss {3} val_auroc {4}</translation>
    </message>
    <message>
        <location filename="../../vision/train.py" line="70"/>
        <source>reading images</source>
        <translation>이미지 읽는 중</translation>
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
        <location filename="../../widgets/trend_plot.py" line="637"/>
        <source>▶ Live</source>
        <extracomment>the forecast drawn ahead of the last value: (tag, t, mean, lo, hi) or None; in Live the view&apos;s right edge moves that far ahead of now so the forecast can be seen</extracomment>
        <translation>▶ 실시간</translation>
    </message>
    <message>
        <location filename="../../widgets/trend_plot.py" line="638"/>
        <source>❚❚ Pause</source>
        <translation>❚❚ 일시 정지</translation>
    </message>
    <message>
        <location filename="../../widgets/trend_plot.py" line="641"/>
        <source>Normalise 0-100 %</source>
        <translation>0-100 % 정규화</translation>
    </message>
    <message>
        <location filename="../../widgets/trend_plot.py" line="643"/>
        <source>Draw every pen as % of its normal range (0 % = low limit, 100 % = high limit)</source>
        <translation>모든 펜을 정상 범위 대비 %로 표시 (0 % = 하한, 100 % = 상한)</translation>
    </message>
    <message>
        <location filename="../../widgets/trend_plot.py" line="666"/>
        <source>% of normal range</source>
        <translation>정상 범위 대비 %</translation>
    </message>
</context>
<context>
    <name>TrendsPage</name>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="117"/>
        <source>Tag</source>
        <extracomment>forecast horizons offered (s) and how often a shown forecast is computed again (wall-clock ms) history a forecast is fitted on: this many horizons back, at least two hours exports finished so far; a history load writes the status line only when no export finished since the view asked for it (its message would be stale and hide the export&apos;s result) (t0, t1, width_px, exports finished when the view asked) of the next history query</extracomment>
        <translation>태그</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="117"/>
        <source>Unit</source>
        <translation>단위</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="145"/>
        <source>Export visible range to CSV…</source>
        <translation>보이는 구간 CSV 내보내기…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="151"/>
        <source>no historian configured (live data only)</source>
        <translation>히스토리안 미설정 (실시간 데이터만)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="155"/>
        <source>Forecast:</source>
        <translation>예측:</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="169"/>
        <source>no historian configured: nothing to forecast from</source>
        <translation>이력 저장소가 없습니다: 예측할 데이터가 없습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="302"/>
        <source>loading history…</source>
        <translation>이력 불러오는 중…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="327"/>
        <source>history not available: {0}</source>
        <translation>이력을 사용할 수 없습니다: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="350"/>
        <source>history: {0} tags ({1})</source>
        <translation>이력: 태그 {0}개 ({1})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="359"/>
        <source>Export visible range to CSV</source>
        <translation>보이는 구간 CSV 내보내기</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="360"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="375"/>
        <source>exporting {0} tags to {1}…</source>
        <translation>태그 {0}개를 {1}(으)로 내보내는 중…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="396"/>
        <source>export failed: {0}</source>
        <translation>내보내기 실패: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="399"/>
        <source>exported {0} rows to {1}</source>
        <translation>{0}행을 {1}(으)로 내보냈습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="405"/>
        <source>next {0} min</source>
        <translation>향후 {0}분</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="406"/>
        <source>how far ahead the forecast reaches</source>
        <translation>예측이 내다보는 시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="413"/>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="445"/>
        <source>forecasting {0}…</source>
        <translation>{0} 예측 중…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="516"/>
        <source>No forecast for {0}: not enough history ({1})</source>
        <translation>{0} 예측 없음: 이력이 부족합니다 ({1})</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="537"/>
        <source>{0} s</source>
        <translation>{0}초</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="538"/>
        <source>{0} min</source>
        <translation>{0}분</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="539"/>
        <source>{0} h</source>
        <translation>{0}시간</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="554"/>
        <source>{0} is at or beyond its {1} limit {2}</source>
        <translation>{0}이(가) {1} 한계 {2}에 도달했거나 넘었습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="544"/>
        <source>{0} forecast to exceed {1} in {2}</source>
        <translation>{0}: {2} 후 {1} 초과 예상</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="545"/>
        <source>{0} forecast to fall below {1} in {2}</source>
        <translation>{0}: {2} 후 {1} 미만으로 하락 예상</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="547"/>
        <source>{0} may exceed {1} within {2} (90 % band)</source>
        <translation>{0}: {2} 이내 {1} 초과 가능 (90 % 범위)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="548"/>
        <source>{0} may fall below {1} within {2} (90 % band)</source>
        <translation>{0}: {2} 이내 {1} 미만 하락 가능 (90 % 범위)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="565"/>
        <source>{0} in {1}: {2} expected (90 % band {3}); no alarm limit reached</source>
        <translation>{1} 후 {0}: {2} 예상 (90 % 범위 {3}); 알람 한계 도달 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="568"/>
        <source>(repeats this tag&apos;s cycle of {0}: the same point of its last cycles forecast best on its history)</source>
        <translation>(이 태그는 {0} 주기로 반복됩니다: 이력에서는 최근 주기들의 같은 시점 값이 가장 잘 예측했습니다)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="571"/>
        <source>(steady: on this tag&apos;s history the median of its last {0} forecast best)</source>
        <translation>(안정: 이 태그의 이력에서는 최근 {0}의 중앙값이 가장 잘 예측했습니다)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/trends.py" line="574"/>
        <source>(no trend: on this tag&apos;s history the last value forecast best)</source>
        <translation>(추세 없음: 이 태그의 이력에서는 마지막 값이 가장 잘 예측했습니다)</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="63"/>
        <source>User name</source>
        <translation>사용자 이름</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="70"/>
        <source>Role</source>
        <translation>권한</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="74"/>
        <source>Password</source>
        <translation>비밀번호</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="75"/>
        <source>Repeat password</source>
        <translation>비밀번호 확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="79"/>
        <source>4-8 digits</source>
        <translation>4~8자리 숫자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="79"/>
        <source>4-8 digits; empty: none</source>
        <translation>4~8자리 숫자, 비우면 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="80"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="85"/>
        <source>OK</source>
        <translation>확인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="88"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="109"/>
        <source>Enter a user name.</source>
        <translation>사용자 이름을 입력하세요.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="111"/>
        <source>The two passwords differ.</source>
        <translation>두 비밀번호가 다릅니다.</translation>
    </message>
</context>
<context>
    <name>UserIndicator</name>
    <message>
        <location filename="../../hmi/ui/login.py" line="499"/>
        <location filename="../../hmi/ui/login.py" line="518"/>
        <location filename="../../hmi/ui/login.py" line="523"/>
        <source>Log in</source>
        <translation>로그인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="515"/>
        <source>no user database</source>
        <translation>사용자 DB 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="521"/>
        <source>○ not logged in</source>
        <translation>○ 로그인 안 됨</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="527"/>
        <source>Log out</source>
        <translation>로그아웃</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="529"/>
        <source>logged in as {0} &apos;{1}&apos;; automatic logout after {2} min without input</source>
        <translation>{0} &apos;{1}&apos;(으)로 로그인됨, 입력 없이 {2}분이 지나면 자동 로그아웃</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/login.py" line="537"/>
        <source>○ logged out (idle)</source>
        <translation>○ 로그아웃됨 (입력 없음)</translation>
    </message>
</context>
<context>
    <name>Users</name>
    <message>
        <location filename="../../hmi/security/users.py" line="62"/>
        <source>a password needs at least {0} characters</source>
        <translation>비밀번호는 최소 {0}자 이상이어야 합니다</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="50"/>
        <source>a PIN is {0} to 8 digits</source>
        <extracomment>PINs refused as too easy to guess, besides one repeated digit and straight runs (1234, 9876) passwords refused as too common (compared in lower case), besides the user&apos;s own name</extracomment>
        <translation>PIN은 {0}~8자리 숫자입니다</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="53"/>
        <source>this PIN is too easy to guess (a repeated digit, a run like 1234 or a common PIN); choose another</source>
        <translation>이 PIN은 추측하기 너무 쉽습니다 (같은 숫자 반복, 1234 같은 연속 숫자 또는 흔한 PIN). 다른 PIN을 선택하십시오</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="65"/>
        <source>this password is too common or is the user&apos;s name; choose another</source>
        <translation>너무 흔한 비밀번호이거나 사용자 이름과 같습니다. 다른 비밀번호를 선택하십시오</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="229"/>
        <source>a user name is 1 to 64 characters</source>
        <translation>사용자 이름은 1~64자입니다</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="231"/>
        <location filename="../../hmi/security/users.py" line="283"/>
        <source>unknown role {0} (roles: {1})</source>
        <translation>알 수 없는 권한 {0} (권한: {1})</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="238"/>
        <source>user {0} already exists</source>
        <translation>사용자 {0}이(가) 이미 있습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="263"/>
        <location filename="../../hmi/security/users.py" line="277"/>
        <location filename="../../hmi/security/users.py" line="298"/>
        <source>no user {0}</source>
        <translation>사용자 {0} 없음</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="265"/>
        <source>the current password is wrong</source>
        <translation>현재 비밀번호가 틀렸습니다</translation>
    </message>
    <message>
        <location filename="../../hmi/security/users.py" line="304"/>
        <source>{0} is the last administrator</source>
        <translation>{0}은(는) 마지막 관리자입니다</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="32"/>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="32"/>
        <source>Role</source>
        <translation>권한</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="33"/>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="33"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="34"/>
        <source>Created</source>
        <translation>생성</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="35"/>
        <source>Time</source>
        <translation>시각</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="35"/>
        <source>User</source>
        <translation>사용자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="36"/>
        <source>Action</source>
        <translation>동작</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="36"/>
        <source>Target</source>
        <translation>대상</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="37"/>
        <source>Before</source>
        <translation>변경 전</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="37"/>
        <source>After</source>
        <translation>변경 후</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="38"/>
        <source>Detail</source>
        <translation>상세</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="162"/>
        <source>Users</source>
        <translation>사용자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="176"/>
        <source>New user…</source>
        <translation>새 사용자…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="373"/>
        <source>Disable</source>
        <translation>비활성화</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="184"/>
        <source>Set role</source>
        <translation>권한 설정</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="185"/>
        <source>Reset password…</source>
        <translation>비밀번호 재설정…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="186"/>
        <source>Set PIN…</source>
        <translation>PIN 설정…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="187"/>
        <source>Clear PIN</source>
        <translation>PIN 삭제</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="188"/>
        <source>Unlock log-in</source>
        <translation>로그인 잠금 해제</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="206"/>
        <source>Audit trail</source>
        <translation>감사 추적</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="210"/>
        <source>user</source>
        <translation>사용자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="215"/>
        <source>All actions</source>
        <translation>전체 동작</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="221"/>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="222"/>
        <source>Verify chain</source>
        <translation>체인 검증</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="224"/>
        <source>Not verified yet.</source>
        <translation>아직 검증하지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="277"/>
        <source>No user database on this station: users and audit trail are not available.</source>
        <translation>이 스테이션에 사용자 DB가 없어 사용자와 감사 추적을 사용할 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="354"/>
        <source>nobody</source>
        <translation>없음</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="356"/>
        <source>Users are managed by an administrator (logged in: {0}).</source>
        <translation>사용자는 관리자가 관리합니다 (로그인: {0}).</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="360"/>
        <source>The audit trail is shown to engineers and administrators (logged in: {0}).</source>
        <translation>감사 기록은 엔지니어와 관리자에게만 표시됩니다 (로그인: {0}).</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="364"/>
        <source>needs admin</source>
        <translation>관리자 권한 필요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="364"/>
        <source>; log in first</source>
        <translation>; 먼저 로그인하세요</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="373"/>
        <source>Enable</source>
        <translation>활성화</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="382"/>
        <source>Cannot read the users: {0}</source>
        <translation>사용자 목록을 읽을 수 없습니다: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="393"/>
        <source>enabled</source>
        <translation>활성</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="393"/>
        <source>✖ disabled</source>
        <translation>✖ 비활성</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="394"/>
        <source>yes</source>
        <translation>예</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="425"/>
        <source>(system)</source>
        <translation>(시스템)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="466"/>
        <source>Verifying…</source>
        <translation>검증 중…</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="266"/>
        <source>✔ Audit trail OK: {0}</source>
        <translation>✔ 감사 추적 정상: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="269"/>
        <source>entry #{0}</source>
        <translation>항목 #{0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="269"/>
        <source>the chain</source>
        <translation>체인</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="270"/>
        <source>✖ AUDIT TRAIL BROKEN at {0}: {1} ({2} entries before it are intact)</source>
        <translation>✖ 감사 추적 손상 위치 {0}: {1} (그 이전 항목 {2}개는 정상)</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="479"/>
        <source>Verify failed: </source>
        <translation>검증 실패: </translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="500"/>
        <source>failed: {0}</source>
        <translation>실패: {0}</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="512"/>
        <source>New user</source>
        <translation>새 사용자</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="517"/>
        <source>User &apos;{0}&apos; created ({1}).</source>
        <translation>사용자 &apos;{0}&apos; 생성됨 ({1}).</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="525"/>
        <source>User &apos;{0}&apos; disabled.</source>
        <translation>사용자 &apos;{0}&apos; 비활성화됨.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="526"/>
        <source>User &apos;{0}&apos; enabled.</source>
        <translation>사용자 &apos;{0}&apos; 활성화됨.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="533"/>
        <source>User &apos;{0}&apos; is now {1}.</source>
        <translation>사용자 &apos;{0}&apos;의 권한이 {1}(으)로 변경됨.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="541"/>
        <source>New password for {0}</source>
        <translation>{0}의 새 비밀번호</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="545"/>
        <source>Password of &apos;{0}&apos; reset.</source>
        <translation>&apos;{0}&apos;의 비밀번호가 재설정됨.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="553"/>
        <source>PIN for {0}</source>
        <translation>{0}의 PIN</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="558"/>
        <source>PIN of &apos;{0}&apos; set.</source>
        <translation>&apos;{0}&apos;의 PIN이 설정됨.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="565"/>
        <source>Log-in of &apos;{0}&apos; unlocked.</source>
        <translation>&apos;{0}&apos; 로그인 잠금이 해제되었습니다.</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/users.py" line="571"/>
        <source>PIN of &apos;{0}&apos; removed.</source>
        <translation>&apos;{0}&apos;의 PIN이 삭제됨.</translation>
    </message>
</context>
<context>
    <name>ValueTile</name>
    <message>
        <location filename="../../widgets/value_tile.py" line="190"/>
        <source>normal range {0} .. {1} {2}</source>
        <translation>정상 범위 {0} .. {1} {2}</translation>
    </message>
    <message>
        <location filename="../../widgets/value_tile.py" line="191"/>
        <source>click: show in trends</source>
        <translation>클릭: 트렌드에서 보기</translation>
    </message>
    <message>
        <location filename="../../widgets/value_tile.py" line="265"/>
        <source>▲ HI</source>
        <translation>▲ 높음</translation>
    </message>
    <message>
        <location filename="../../widgets/value_tile.py" line="265"/>
        <source>▼ LO</source>
        <translation>▼ 낮음</translation>
    </message>
    <message>
        <location filename="../../widgets/value_tile.py" line="261"/>
        <source>✖ BAD</source>
        <translation>✖ 불량</translation>
    </message>
    <message>
        <location filename="../../widgets/value_tile.py" line="261"/>
        <source>STALE</source>
        <translation>갱신 안 됨</translation>
    </message>
    <message>
        <location filename="../../widgets/value_tile.py" line="261"/>
        <source>? COMM</source>
        <translation>? 통신</translation>
    </message>
</context>
<context>
    <name>Verdict</name>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="54"/>
        <source>NG</source>
        <extracomment>column widths (px): fixed, so that a refresh never measures every cell</extracomment>
        <translation>불량</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="54"/>
        <source>WARN</source>
        <translation>주의</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="55"/>
        <location filename="../../hmi/inspection/records.py" line="75"/>
        <source>ok</source>
        <extracomment>a final verdict inside a sentence (&quot;overridden to ok by park&quot;), translatable (context &quot;Verdict&quot;)</extracomment>
        <translation>양품</translation>
    </message>
    <message>
        <location filename="../../hmi/ui/pages/inspection.py" line="55"/>
        <source>ERROR</source>
        <translation>오류</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/records.py" line="75"/>
        <source>ng</source>
        <translation>불량</translation>
    </message>
    <message>
        <location filename="../../hmi/inspection/records.py" line="76"/>
        <source>warn</source>
        <translation>주의</translation>
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
        <location filename="../../widgets/trend_plot.py" line="202"/>
        <source>✖ BAD</source>
        <translation>✖ 불량</translation>
    </message>
</context>
</TS>
